// Fulcrum live dashboard: polls the admin API every second and shows, per cluster, each destination's
// ACTUAL share of traffic against the share the config says it should get. Plain DOM, no framework, no
// network beyond the admin API (the admin host may have no internet at all). This file holds the admin API
// client, the bearer token handling and the polling loop; format.js, chart.js, alerts.js and clusters.js
// draw the page.
(function (F) {
  'use strict';

  const POLL_MS = 1000;             // live means at most one second old
  const REQUEST_TIMEOUT_MS = 2500;  // a hung call must not stall the page forever
  const TOKEN_KEY = 'fulcrum.adminToken';

  const { $, setText, clock } = F.util;
  const statusLine = $('[data-testid="connection-status"]');
  const main = $('#main');
  const tokenForm = $('[data-testid="token-prompt"]');
  const alertList = F.AlertList($('[data-testid="alerts"]'), acknowledge);
  const clusterPanels = F.ClusterPanels($('[data-testid="clusters"]'));
  let lastUpdate = null;
  let timer = null;
  let polling = false;
  let pollAgain = false;
  let waitingForToken = false;

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
    // The admin API takes writes with a JSON or YAML content type only (docs/admin-api.md, "Writes").
    if (options && options.method === 'POST') headers['Content-Type'] = 'application/json';
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

  // A banner above everything when the serving config is not the reviewed one: forced past the audit, or no
  // longer what the file on disk says (a POST /api/config or a rollback since, or an edit not yet applied).
  const banner = $('[data-testid="config-banner"]');
  function renderBanner(serving) {
    const reasons = [];
    let title = '';
    if (serving && serving.forced) {
      title = 'Serving a FORCED config';
      reasons.push('applied past ' + serving.errorFindings + ' error-level audit finding(s)' +
        (serving.forcedBy ? ' by ' + serving.forcedBy : '') +
        (serving.appliedAt && F.util.parseTime(serving.appliedAt) ? ' at ' + clock(F.util.parseTime(serving.appliedAt)) : '') +
        ' (' + serving.trigger + ')' +
        (serving.reason ? ', reason: "' + serving.reason + '"' : ''));
    }
    if (serving && serving.differsFromDisk) {
      title = title ? title + ' that differs from the file on disk' : 'Serving config differs from the file on disk';
      reasons.push((serving.file || 'the config file') + ' has other content than the config serving (from ' + (serving.source || serving.trigger) + ')');
    }
    banner.hidden = reasons.length === 0;
    banner.dataset.forced = String(Boolean(serving && serving.forced));
    banner.dataset.differs = String(Boolean(serving && serving.differsFromDisk));
    setText($('[data-testid="config-banner-title"]', banner), title);
    setText($('[data-testid="config-banner-detail"]', banner), reasons.join('; '));
  }

  function setStatus(state, text) {
    statusLine.dataset.state = state;
    setText(statusLine, text);
  }

  // Resolves to an error text for the alert's row, or null when acknowledged (or when a token is needed first).
  async function acknowledge(id) {
    try {
      await api('api/alerts/' + encodeURIComponent(id) + '/ack', { method: 'POST' });
      return null;
    } catch (error) {
      if (error instanceof Unauthorized) {
        askForToken(error.message);
        return null;
      }
      return 'Could not acknowledge: ' + error.message;
    } finally {
      pollNow();
    }
  }

  async function poll() {
    if (polling) {
      pollAgain = true;
      return;
    }
    polling = true;
    clearTimeout(timer);
    try {
      const [clusters, alerts, serving] = await Promise.all([
        api('api/clusters'), api('api/alerts'),
        // Older servers have no such call, and none answers before the first config: no banner then.
        api('api/config/serving').catch((error) => { if (error instanceof Unauthorized) throw error; return null; }),
      ]);
      alertList.render(alerts);
      clusterPanels.render(clusters);
      renderBanner(serving);
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
})(window.Fulcrum);
