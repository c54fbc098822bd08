// The cluster panels of the Fulcrum dashboard: verdict, Jain index, one row per destination with its ACTUAL
// share against its EXPECTED share, and the share history chart. Panels and rows are keyed by name and
// updated in place on every poll.
window.Fulcrum = window.Fulcrum || {};
(function (F) {
  'use strict';

  const { $, el, setText, isNumber, pct, errorPct, count, ms, sinceText } = F.util;
  // Okabe–Ito colours: distinguishable with the common forms of colour blindness, readable on white.
  const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#8C6D00', '#3A8FC2', '#6B4C9A', '#4D4D4D'];
  const VERDICT_LABELS = { balanced: 'Balanced', skewed: 'Skewed', 'no-verdict': 'No verdict' };
  const SIGNAL_LABELS = { share: 'share skew', overload: 'overload skew', inflight: 'in-flight skew' };
  const FLAG_LABELS = { share: 'favored', overload: 'overloaded', inflight: 'favored' };

  function createPanel(name) {
    const titleId = 'cluster-' + name.replace(/[^A-Za-z0-9_-]/g, '_');
    const panel = el('article', { class: 'cluster', 'data-testid': 'cluster-panel', 'data-cluster': name, 'aria-labelledby': titleId }, [
      el('header', { class: 'cluster-head' }, [
        el('h2', { id: titleId, 'data-testid': 'cluster-name', text: name }),
        el('span', { class: 'chip', 'data-testid': 'cluster-policy' }),
        el('span', { class: 'chip chip-warn', 'data-testid': 'cluster-panic', text: 'panic mode', title: 'No destination is healthy: traffic goes to all of them', hidden: true }),
        el('span', { class: 'badge', 'data-testid': 'verdict-badge' }),
        el('dl', { class: 'cluster-stats' }, [
          el('dt', { 'data-testid': 'fairness-index-label', text: 'Jain index' }), el('dd', { 'data-testid': 'fairness-index' }),
          el('dt', { text: 'Requests in window' }), el('dd', { 'data-testid': 'window-requests' }),
        ]),
      ]),
      el('p', { class: 'verdict-summary', 'data-testid': 'verdict-summary' }),
      el('p', { class: 'promise', 'data-testid': 'cluster-promise' }),
      el('p', { class: 'jain-note', 'data-testid': 'jain-note', hidden: true }),
      el('div', { class: 'cluster-body' }, [
        el('div', { class: 'table-wrap' }, [el('table', { class: 'destinations' }, [
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
            el('th', { scope: 'col', class: 'num', text: 'Req/s', title: 'requests per second over the window, against the configured capacity' }),
            el('th', { scope: 'col', class: 'num', text: 'In-flight' }),
            el('th', { scope: 'col', class: 'num', text: 'Errors' }),
            el('th', { scope: 'col', class: 'num', text: 'p99' }),
          ])]),
          el('tbody', {}),
        ])]),
        el('figure', { class: 'history', 'data-testid': 'history' }, [
          el('div', { class: 'history-chart', 'data-testid': 'history-chart' }),
          el('figcaption', { text: 'Share over time — solid: actual · dashed: expected at each point · dotted: fair share · shaded: idle (no traffic)' }),
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
      cell('dest-rate', 'num'),
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

  // "42 / 200 (21 %)": requests per second against the declared capacity, when there is one.
  function rateText(d) {
    if (!isNumber(d.requestsPerSecond)) return '—';
    const rps = d.requestsPerSecond >= 10 ? Math.round(d.requestsPerSecond).toString() : d.requestsPerSecond.toFixed(1);
    if (!isNumber(d.capacity)) return rps;
    return rps + ' / ' + count(d.capacity) + (isNumber(d.capacityLoad) ? ' (' + Math.round(d.capacityLoad * 100) + ' %)' : '');
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
    const rate = $('[data-testid="dest-rate"]', row);
    setText(rate, rateText(d));
    rate.classList.toggle('bad', isNumber(d.capacityLoad) && d.capacityLoad >= 1);
    rate.dataset.load = isNumber(d.capacityLoad) ? String(d.capacityLoad) : '';
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
    badge.title = isNumber(verdict.deviation) ? 'deviation ' + (verdict.deviation > 0 ? '+' : '') + pct(verdict.deviation, 0) : '';
    // Jain's index is computed on the quantity the policy promises to even out; say which, or "1.000" reads as
    // "perfectly fair" whatever the policy.
    const quantity = cluster.promisedQuantity || 'share / expected share';
    setText($('[data-testid="fairness-index-label"]', panel), 'Jain index on ' + quantity);
    setText($('[data-testid="fairness-index"]', panel), isNumber(cluster.fairnessIndex) ? cluster.fairnessIndex.toFixed(3) : '—');
    const promise = $('[data-testid="cluster-promise"]', panel);
    setText(promise, cluster.promise ? 'Promise: ' + cluster.promise + (cluster.advisory ? ' — note: ' + cluster.advisory : '') : '');
    promise.hidden = !cluster.promise;
    // Overload is judged apart from the promise (a destination in distress while getting at least its fair share),
    // so a skewed badge can sit next to an even index: say why instead of leaving two signals that disagree.
    const note = $('[data-testid="jain-note"]', panel);
    const disagree = state === 'skewed' && isNumber(cluster.fairnessIndex) && cluster.fairnessIndex >= 0.95;
    setText(note, !disagree ? '' : verdict.signal === 'overload'
      ? 'Jain ' + cluster.fairnessIndex.toFixed(3) + ' says the promise (' + quantity + ') holds; the skew is OVERLOAD: ' +
        (verdict.destination || 'a destination') + ' fails or is slow while getting at least its fair share.'
      : 'Jain ' + cluster.fairnessIndex.toFixed(3) + ' is close to even over all destinations, but ' + (verdict.destination || 'one destination') +
        ' is off its promise by more than the tolerance.');
    note.hidden = !disagree;
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
    F.chart.draw($('[data-testid="history-chart"]', panel), cluster, colors);
  }

  // section: the clusters section of the page.
  F.ClusterPanels = function (section) {
    const panels = new Map();

    function render(clusters) {
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
        section.appendChild(panel);
        updatePanel(panel, cluster);
      }
      for (const [name, panel] of panels) {
        if (!seen.has(name)) {
          panel.remove();
          panels.delete(name);
        }
      }
      const empty = $('[data-testid="clusters-empty"]', section);
      empty.textContent = 'No clusters configured.';
      empty.hidden = panels.size > 0;
    }

    return { render };
  };
})(window.Fulcrum);
