// Fulcrum live dashboard: polls the admin API every second and shows, per cluster, each destination's
// ACTUAL share of traffic against the share the config says it should get. Plain DOM, no framework, no
// network beyond the admin API (the admin host may have no internet at all).
(function () {
  'use strict';

  const POLL_MS = 1000;             // the brief: live means at most one second old
  const REQUEST_TIMEOUT_MS = 2500;  // a hung call must not stall the page forever
  const TOKEN_KEY = 'fulcrum.adminToken';
  // Okabe–Ito colours: distinguishable with the common forms of colour blindness, readable on white.
  const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#8C6D00', '#3A8FC2', '#6B4C9A', '#4D4D4D'];
  const VERDICT_LABELS = { balanced: 'Balanced', skewed: 'Skewed', 'no-verdict': 'No verdict' };
  const SIGNAL_LABELS = { share: 'share skew', overload: 'overload skew', inflight: 'in-flight skew' };
  const FLAG_LABELS = { share: 'favored', overload: 'overloaded', inflight: 'favored' };
  const ACKABLE = new Set(['firing', 'pending']);
  const ALERT_ORDER = { firing: 0, pending: 1, acknowledged: 2 };

  const $ = (selector, root) => (root || document).querySelector(selector);
  const statusLine = $('[data-testid="connection-status"]');
  const main = $('#main');
  const tokenForm = $('[data-testid="token-prompt"]');
  const alertList = $('[data-testid="alert-list"]');
  const clustersSection = $('[data-testid="clusters"]');
  const panels = new Map();
  const alertRows = new Map();
  let lastUpdate = null;
  let timer = null;
  let polling = false;
  let pollAgain = false;
  let waitingForToken = false;

  // ---------- small helpers ----------

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'text') node.textContent = value;
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children || []) node.appendChild(child);
    return node;
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  const isNumber = (x) => typeof x === 'number' && Number.isFinite(x);
  const pct = (x, digits) => (isNumber(x) ? (x * 100).toFixed(digits === undefined ? 1 : digits) + ' %' : '—');
  const errorPct = (x) => (isNumber(x) ? (x * 100).toFixed(x < 0.1 ? 2 : 1) + ' %' : '—');
  const count = (x) => (isNumber(x) ? Math.round(x).toLocaleString('en-US') : '—');
  const clock = (date) => date.toLocaleTimeString('en-GB', { hour12: false });

  function ms(x) {
    if (!isNumber(x)) return '—';
    if (x >= 1000) return (x / 1000).toFixed(2) + ' s';
    return (x >= 100 ? x.toFixed(0) : x.toFixed(1)) + ' ms';
  }

  function parseTime(value) {
    const date = value ? new Date(value) : null;
    return date && !Number.isNaN(date.getTime()) ? date : null;
  }

  function duration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
    return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
  }

  function sinceText(value) {
    const date = parseTime(value);
    return date ? 'since ' + clock(date) + ' (' + duration((Date.now() - date.getTime()) / 1000) + ')' : '';
  }

  // ---------- admin API and token ----------

  function takeTokenFromUrl() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    const token = params.get('token');
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
      // Keep the secret out of the address bar, bookmarks and screen shares.
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  class Unauthorized extends Error {}

  async function api(path, options) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(path, Object.assign({ headers, signal: abort.signal, cache: 'no-store' }, options));
      if (response.status === 401) throw new Unauthorized(token ? 'refused' : 'missing');
      if (!response.ok) throw new Error(path + ' answered HTTP ' + response.status);
      return response.status === 204 ? null : await response.json();
    } finally {
      clearTimeout(timeout);
    }
  }

  function askForToken(reason) {
    waitingForToken = true;
    $('#token-message').textContent = reason === 'refused'
      ? 'The admin API refused the token. Enter a valid admin token.'
      : 'This admin API needs a bearer token.';
    tokenForm.hidden = false;
    setStatus('unauthorized', 'Token needed');
    $('#token-input').focus();
  }

  tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('#token-input').value.trim();
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    $('#token-input').value = '';
    tokenForm.hidden = true;
    waitingForToken = false;
    pollNow();
  });

  function setStatus(state, text) {
    statusLine.dataset.state = state;
    setText(statusLine, text);
  }

  // ---------- alerts ----------

  function createAlertRow(alert) {
    const button = el('button', { type: 'button', class: 'ack', 'data-testid': 'ack-button', text: 'Ack' });
    const row = el('li', { class: 'alert', 'data-testid': 'alert-row', 'data-alert-id': alert.id }, [
      el('span', { class: 'alert-state', 'data-testid': 'alert-state' }),
      el('div', { class: 'alert-body' }, [
        el('p', { class: 'alert-title' }, [
          el('strong', { 'data-testid': 'alert-name' }),
          el('span', { class: 'alert-where', 'data-testid': 'alert-where' }),
          el('span', { class: 'alert-since', 'data-testid': 'alert-since' }),
        ]),
        el('p', { class: 'alert-summary', 'data-testid': 'alert-summary' }),
        el('p', { class: 'alert-cause', 'data-testid': 'alert-cause' }),
        el('p', { class: 'alert-error', 'data-testid': 'alert-error', role: 'alert', hidden: true }),
      ]),
      button,
    ]);
    button.addEventListener('click', () => acknowledge(row));
    return row;
  }

  async function acknowledge(row) {
    const button = $('[data-testid="ack-button"]', row);
    const problem = $('[data-testid="alert-error"]', row);
    button.disabled = true;
    button.textContent = 'Acking…';
    problem.hidden = true;
    try {
      await api('api/alerts/' + encodeURIComponent(row.dataset.alertId) + '/ack', { method: 'POST' });
    } catch (error) {
      if (error instanceof Unauthorized) {
        askForToken(error.message);
      } else {
        // Shown on the row itself: the status line is rewritten by the next poll a second later.
        problem.textContent = 'Could not acknowledge: ' + error.message;
        problem.hidden = false;
      }
    } finally {
      button.disabled = false;
      button.textContent = 'Ack';
      pollNow();
    }
  }

  function renderAlerts(alerts) {
    const active = (Array.isArray(alerts) ? alerts : [])
      .filter((a) => a && a.id !== undefined && a.state in ALERT_ORDER)
      .sort((a, b) => ALERT_ORDER[a.state] - ALERT_ORDER[b.state] || String(a.since).localeCompare(String(b.since)));
    const seen = new Set();
    for (const alert of active) {
      const id = String(alert.id);
      seen.add(id);
      let row = alertRows.get(id);
      if (!row) {
        row = createAlertRow(alert);
        alertRows.set(id, row);
      }
      row.dataset.state = alert.state;
      setText($('[data-testid="alert-state"]', row), alert.state);
      setText($('[data-testid="alert-name"]', row), alert.name || 'alert');
      setText($('[data-testid="alert-where"]', row),
        [alert.cluster, alert.destination].filter(Boolean).join(' / '));
      setText($('[data-testid="alert-since"]', row), sinceText(alert.since));
      setText($('[data-testid="alert-summary"]', row), alert.summary || '');
      const cause = $('[data-testid="alert-cause"]', row);
      setText(cause, alert.cause ? 'Cause: ' + alert.cause : '');
      cause.hidden = !alert.cause;
      const button = $('[data-testid="ack-button"]', row);
      button.hidden = !ACKABLE.has(alert.state);
      button.setAttribute('aria-label', 'Acknowledge ' + (alert.name || 'alert') + ' on ' +
        [alert.cluster, alert.destination].filter(Boolean).join(' / '));
      alertList.appendChild(row); // moves existing rows into sorted order without recreating them
    }
    for (const [id, row] of alertRows) {
      if (!seen.has(id)) {
        row.remove();
        alertRows.delete(id);
      }
    }
    const firing = active.filter((a) => a.state === 'firing').length;
    setText($('[data-testid="alert-count"]'), active.length ? '(' + firing + ' firing, ' + active.length + ' active)' : '');
    $('[data-testid="alerts-empty"]').hidden = active.length > 0;
  }

  // ---------- clusters ----------

  function createPanel(name) {
    const titleId = 'cluster-' + name.replace(/[^A-Za-z0-9_-]/g, '_');
    const panel = el('article', { class: 'cluster', 'data-testid': 'cluster-panel', 'data-cluster': name, 'aria-labelledby': titleId }, [
      el('header', { class: 'cluster-head' }, [
        el('h2', { id: titleId, 'data-testid': 'cluster-name', text: name }),
        el('span', { class: 'chip', 'data-testid': 'cluster-policy' }),
        el('span', { class: 'chip chip-warn', 'data-testid': 'cluster-panic', text: 'panic mode', title: 'No destination is healthy: traffic goes to all of them', hidden: true }),
        el('span', { class: 'badge', 'data-testid': 'verdict-badge' }),
        el('dl', { class: 'cluster-stats' }, [
          el('dt', { text: 'Jain index' }), el('dd', { 'data-testid': 'fairness-index' }),
          el('dt', { text: 'Requests in window' }), el('dd', { 'data-testid': 'window-requests' }),
        ]),
      ]),
      el('p', { class: 'verdict-summary', 'data-testid': 'verdict-summary' }),
      el('div', { class: 'cluster-body' }, [
        el('table', { class: 'destinations' }, [
          el('caption', { class: 'legend' }, [
            el('span', { class: 'legend-bar', 'aria-hidden': 'true' }), document.createTextNode(' actual share '),
            el('span', { class: 'legend-expected', 'aria-hidden': 'true' }), document.createTextNode(' expected (config) '),
            el('span', { class: 'legend-fair', 'aria-hidden': 'true' }), document.createTextNode(' fair (capacity or equal split)'),
          ]),
          el('thead', {}, [el('tr', {}, [
            el('th', { scope: 'col', text: 'Destination' }),
            el('th', { scope: 'col', class: 'col-bar', text: 'Share' }),
            el('th', { scope: 'col', class: 'num', text: 'Actual' }),
            el('th', { scope: 'col', class: 'num', text: 'Expected' }),
            el('th', { scope: 'col', text: 'State' }),
            el('th', { scope: 'col', class: 'num', text: 'In-flight' }),
            el('th', { scope: 'col', class: 'num', text: 'Errors' }),
            el('th', { scope: 'col', class: 'num', text: 'p99' }),
          ])]),
          el('tbody', {}),
        ]),
        el('figure', { class: 'history', 'data-testid': 'history' }, [
          el('div', { class: 'history-chart', 'data-testid': 'history-chart' }),
          el('figcaption', { text: 'Share over time — solid: actual, dashed: expected' }),
        ]),
      ]),
    ]);
    panel.rows = new Map();
    return panel;
  }

  function createRow(name) {
    const cell = (testid, cls) => el('td', { 'data-testid': testid, class: cls || null });
    return el('tr', { 'data-testid': 'dest-row', 'data-destination': name }, [
      el('th', { scope: 'row', class: 'dest' }, [
        el('span', { class: 'swatch', 'aria-hidden': 'true' }),
        el('span', { class: 'dest-name', 'data-testid': 'dest-name', text: name }),
        el('span', { class: 'flag', 'data-testid': 'dest-flag', hidden: true }),
        el('span', { class: 'dest-meta', 'data-testid': 'dest-meta' }),
      ]),
      el('td', { class: 'col-bar' }, [
        el('div', { class: 'bar', role: 'img', 'data-testid': 'share-bar' }, [
          el('div', { class: 'bar-actual', 'data-testid': 'actual-bar' }),
          el('div', { class: 'bar-fair', 'data-testid': 'fair-marker' }),
          el('div', { class: 'bar-expected', 'data-testid': 'expected-marker' }),
        ]),
      ]),
      cell('actual-share', 'num strong'),
      cell('expected-share', 'num'),
      cell('dest-state'),
      cell('dest-inflight', 'num'),
      cell('dest-error-rate', 'num'),
      cell('dest-p99', 'num'),
    ]);
  }

  function destinationState(d) {
    if (d.ejected) return ['ejected', 'ejected'];
    if (d.healthy === false) return ['unhealthy', 'unhealthy'];
    if (d.eligible === false) return ['drained', 'drained (weight 0)'];
    return ['healthy', 'healthy'];
  }

  const clampShare = (x) => (isNumber(x) ? Math.min(1, Math.max(0, x)) * 100 + '%' : '0%');

  function updateRow(row, d, color, flag) {
    row.style.setProperty('--dest-color', color);
    const [state, stateText] = destinationState(d);
    row.dataset.state = state;
    row.classList.toggle('flagged', Boolean(flag));
    const flagNode = $('[data-testid="dest-flag"]', row);
    flagNode.hidden = !flag;
    setText(flagNode, flag || '');
    setText($('[data-testid="dest-meta"]', row),
      [d.address, isNumber(d.weight) ? 'weight ' + d.weight : null].filter(Boolean).join(' · '));

    $('[data-testid="actual-bar"]', row).style.width = clampShare(d.actualShare);
    $('[data-testid="expected-marker"]', row).style.left = clampShare(d.expectedShare);
    const fair = $('[data-testid="fair-marker"]', row);
    fair.style.left = clampShare(d.fairShare);
    fair.hidden = !isNumber(d.fairShare);
    const bar = $('[data-testid="share-bar"]', row);
    const description = 'actual ' + pct(d.actualShare) + ', expected ' + pct(d.expectedShare) +
      (isNumber(d.fairShare) ? ', fair ' + pct(d.fairShare) : '');
    bar.setAttribute('aria-label', description);
    bar.title = description;

    const actual = $('[data-testid="actual-share"]', row);
    setText(actual, pct(d.actualShare));
    actual.dataset.value = isNumber(d.actualShare) ? String(d.actualShare) : '';
    const expected = $('[data-testid="expected-share"]', row);
    setText(expected, pct(d.expectedShare));
    expected.dataset.value = isNumber(d.expectedShare) ? String(d.expectedShare) : '';
    setText($('[data-testid="dest-state"]', row), stateText);
    setText($('[data-testid="dest-inflight"]', row), count(d.inFlight));
    const errors = $('[data-testid="dest-error-rate"]', row);
    setText(errors, errorPct(d.errorRate));
    errors.title = count(d.errors) + ' errors of ' + count(d.requests) + ' requests';
    errors.classList.toggle('bad', isNumber(d.errorRate) && d.errorRate >= 0.05);
    setText($('[data-testid="dest-p99"]', row), ms(d.p99Ms));
    $('[data-testid="dest-p99"]', row).title = 'p50 ' + ms(d.p50Ms);
  }

  function updatePanel(panel, cluster) {
    const verdict = cluster.verdict || { state: 'no-verdict' };
    const state = VERDICT_LABELS[verdict.state] ? verdict.state : 'no-verdict';
    panel.dataset.verdict = state;
    setText($('[data-testid="cluster-policy"]', panel), cluster.policy || 'unknown policy');
    $('[data-testid="cluster-panic"]', panel).hidden = !cluster.panic;
    const badge = $('[data-testid="verdict-badge"]', panel);
    badge.dataset.state = state;
    setText(badge, VERDICT_LABELS[state] + (state === 'skewed' && SIGNAL_LABELS[verdict.signal] ? ' · ' + SIGNAL_LABELS[verdict.signal] : ''));
    setText($('[data-testid="fairness-index"]', panel), isNumber(cluster.fairnessIndex) ? cluster.fairnessIndex.toFixed(3) : '—');
    setText($('[data-testid="window-requests"]', panel), count(cluster.windowRequests));
    const summary = $('[data-testid="verdict-summary"]', panel);
    const summaryText = [verdict.summary, state === 'skewed' ? sinceText(verdict.since) : ''].filter(Boolean).join(' — ');
    setText(summary, summaryText);
    summary.hidden = !summaryText;

    const destinations = Array.isArray(cluster.destinations) ? cluster.destinations : [];
    const colors = new Map(destinations.map((d, i) => [d.name, PALETTE[i % PALETTE.length]]));
    const tbody = $('tbody', panel);
    const seen = new Set();
    for (const d of destinations) {
      seen.add(d.name);
      let row = panel.rows.get(d.name);
      if (!row) {
        row = createRow(d.name);
        panel.rows.set(d.name, row);
      }
      const flag = state === 'skewed' && verdict.destination === d.name ? (FLAG_LABELS[verdict.signal] || 'flagged') : null;
      updateRow(row, d, colors.get(d.name), flag);
      tbody.appendChild(row);
    }
    for (const [name, row] of panel.rows) {
      if (!seen.has(name)) {
        row.remove();
        panel.rows.delete(name);
      }
    }
    window.FulcrumChart.draw($('[data-testid="history-chart"]', panel), cluster, colors);
  }

  function renderClusters(clusters) {
    const list = Array.isArray(clusters) ? clusters : [];
    const seen = new Set();
    for (const cluster of list) {
      if (!cluster || !cluster.name) continue;
      seen.add(cluster.name);
      let panel = panels.get(cluster.name);
      if (!panel) {
        panel = createPanel(cluster.name);
        panels.set(cluster.name, panel);
      }
      clustersSection.appendChild(panel);
      updatePanel(panel, cluster);
    }
    for (const [name, panel] of panels) {
      if (!seen.has(name)) {
        panel.remove();
        panels.delete(name);
      }
    }
    const empty = $('[data-testid="clusters-empty"]');
    empty.textContent = 'No clusters configured.';
    empty.hidden = panels.size > 0;
  }

  // ---------- polling ----------

  async function poll() {
    if (polling) {
      pollAgain = true;
      return;
    }
    polling = true;
    clearTimeout(timer);
    try {
      const [clusters, alerts] = await Promise.all([api('api/clusters'), api('api/alerts')]);
      renderAlerts(alerts);
      renderClusters(clusters);
      lastUpdate = new Date();
      main.classList.remove('stale');
      setStatus('live', 'Live · updated ' + clock(lastUpdate));
    } catch (error) {
      if (error instanceof Unauthorized) {
        askForToken(error.message);
      } else {
        main.classList.add('stale');
        setStatus('error', 'Admin API unreachable — retrying' + (lastUpdate ? ' (last update ' + clock(lastUpdate) + ')' : ''));
      }
    } finally {
      polling = false;
      if (!waitingForToken) timer = setTimeout(poll, pollAgain ? 0 : POLL_MS);
      pollAgain = false;
    }
  }

  function pollNow() {
    pollAgain = polling;
    if (!polling) poll();
  }

  takeTokenFromUrl();
  poll();
})();
