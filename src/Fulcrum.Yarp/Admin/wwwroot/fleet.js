// The fleet section: shown only when this instance is one of a fleet. The admin API of a fleet instance marks its
// answers with an X-Fulcrum-Fleet header; this file notices it on the page's own calls (so a single instance gets no
// extra request and no 404), then polls /api/fleet/clusters and /api/fleet/instances once a second.
(function (F) {
  'use strict';

  const POLL_MS = 1000;
  const TOKEN_KEY = 'fulcrum.adminToken';
  const { $, el, setText, pct, count } = F.util;
  const section = $('[data-testid="fleet"]');
  let started = false;

  const originalFetch = window.fetch.bind(window);
  window.fetch = async function (input, init) {
    const response = await originalFetch(input, init);
    if (!started && response.headers.get('X-Fulcrum-Fleet')) {
      started = true;
      section.hidden = false;
      poll();
    }
    return response;
  };

  async function get(path) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await originalFetch(path, { headers, cache: 'no-store' });
    if (!response.ok) throw new Error(path + ' answered HTTP ' + response.status);
    return response.json();
  }

  async function poll() {
    try {
      const [clusters, instances] = await Promise.all([get('api/fleet/clusters'), get('api/fleet/instances')]);
      drawInstances(instances);
      drawClusters(clusters);
      setText($('[data-testid="fleet-status"]', section), '');
    } catch (error) {
      setText($('[data-testid="fleet-status"]', section), 'Fleet store unreachable: ' + error.message);
    }
    setTimeout(poll, POLL_MS);
  }

  function drawInstances(view) {
    const leader = view.leader ? view.leader.instance : null;
    const rows = view.instances.map((i) => el('tr', { 'data-instance': i.name, 'data-state': i.state }, [
      el('td', { text: i.name + (i.name === leader ? ' (evaluates alerts)' : '') }),
      el('td', { text: i.state }),
      el('td', { text: i.versionServed === null ? 'local file' : 'v' + i.versionServed }),
      el('td', { text: i.refusedReason ? 'refused v' + i.versionRefused + ': ' + i.refusedReason : '' }),
    ]));
    $('[data-testid="fleet-instances"] tbody', section).replaceChildren(...rows);
    setText($('[data-testid="fleet-latest"]', section), view.latestVersion === null ? 'no version pushed' : 'latest v' + view.latestVersion);
  }

  function drawClusters(clusters) {
    const blocks = clusters.map((c) => el('div', { class: 'fleet-cluster', 'data-cluster': c.name, 'data-verdict': c.verdict.state }, [
      el('h3', { text: c.name + ' — ' + c.verdict.state + ' over ' + count(c.windowRequests) + ' requests' }),
      el('p', { class: 'summary', text: c.verdict.summary }),
      el('table', {}, [
        el('thead', {}, [el('tr', {}, ['destination', 'expected', 'fleet actual', 'requests'].map((h) => el('th', { text: h })))]),
        el('tbody', {}, c.destinations.map((d) => el('tr', {}, [
          el('td', { text: d.name }), el('td', { text: pct(d.expectedShare) }),
          el('td', { text: pct(d.actualShare) }), el('td', { text: count(d.requests) }),
        ]))),
      ]),
      el('ul', { class: 'fleet-splits' }, c.instances.filter((i) => i.skewed).map((i) =>
        el('li', { 'data-skewed-instance': i.instance, text: i.summary }))),
    ]));
    $('[data-testid="fleet-clusters"]', section).replaceChildren(...blocks);
  }
})(window.Fulcrum);
