// Share-history chart for the Fulcrum dashboard, per destination: its actual share over the last minutes (solid),
// the share expected AT EACH POINT (dashed: after a change or a rollback the past keeps the expectation it had
// then) and its fair share at each point (dotted: what the policy promises). A point where the cluster was idle
// (no request in the window) is a gap, not 0 %. Drawn as inline SVG so the page needs no library.
window.Fulcrum = window.Fulcrum || {};
(function (F) {
  'use strict';

  const SVG_NS = 'http://www.w3.org/2000/svg';
  const HEIGHT = 200;
  const MARGIN = { top: 12, right: 14, bottom: 26, left: 52 };

  const { isNumber, clean } = F.util;

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function span(seconds) {
    const s = Math.round(seconds);
    if (s < 120) return s + 's';
    return Math.round(s / 60) + 'm';
  }

  // Points sorted by time; entries with an unreadable time are dropped rather than drawn at the origin.
  function points(history) {
    return (Array.isArray(history) ? history : [])
      .map((h) => ({
        t: h && h.time ? new Date(h.time).getTime() : NaN,
        shares: (h && h.shares) || {},
        expected: (h && h.expected) || {},
        fair: (h && h.fair) || {},
        idle: isIdle(h),
      }))
      .filter((p) => Number.isFinite(p.t))
      .sort((a, b) => a.t - b.t);
  }

  // Idle: no request in the window then, so its shares mean nothing. Older servers send no windowRequests: then
  // shares that are all 0 mean the same.
  function isIdle(h) {
    if (!h) return true;
    if (isNumber(h.windowRequests)) return h.windowRequests === 0;
    return !Object.values(h.shares || {}).some((v) => isNumber(v) && v > 0);
  }

  // The y axis stops at a round tenth above the largest share, so skew is visible without wasting height.
  function yMaxOf(series, destinations) {
    let max = 0;
    for (const p of series) {
      for (const map of [p.shares, p.expected, p.fair]) for (const v of Object.values(map)) if (isNumber(v)) max = Math.max(max, v);
    }
    for (const d of destinations) if (isNumber(d.expectedShare)) max = Math.max(max, d.expectedShare);
    return Math.min(1, Math.max(0.1, Math.ceil(max * 10 + 1e-9) / 10));
  }

  // A path with a gap wherever a destination has no sample (it joined later, or was removed for a while) or the
  // cluster was idle. step: hold each value until the next point (expectations change in steps, at a config change).
  function pathFor(series, pick, x, y, step) {
    let d = '';
    let pen = 'M';
    let last = null;
    for (const p of series) {
      const v = pick(p);
      if (p.idle || !isNumber(v)) {
        pen = 'M';
        last = null;
        continue;
      }
      if (step && last !== null && last !== v) d += 'L' + x(p.t).toFixed(1) + ' ' + y(last).toFixed(1) + ' ';
      d += pen + x(p.t).toFixed(1) + ' ' + y(v).toFixed(1) + ' ';
      pen = 'L';
      last = v;
    }
    return d.trim();
  }

  // Idle stretches, shaded so a gap reads as "no traffic" rather than as missing data.
  function idleBands(series, x) {
    const bands = [];
    for (let i = 0; i < series.length; i++) {
      if (!series[i].idle) continue;
      const from = i > 0 ? series[i - 1].t : series[i].t;
      let j = i;
      while (j + 1 < series.length && series[j + 1].idle) j++;
      const to = j + 1 < series.length ? series[j + 1].t : series[j].t;
      bands.push([x(from), x(to)]);
      i = j;
    }
    return bands;
  }

  function draw(container, cluster, colors) {
    const destinations = Array.isArray(cluster.destinations) ? cluster.destinations : [];
    const series = points(cluster.history);
    const width = Math.max(240, Math.floor(container.clientWidth || 420));
    const root = svg('svg', {
      viewBox: '0 0 ' + width + ' ' + HEIGHT, width: width, height: HEIGHT, role: 'img',
      'data-testid': 'history-svg', 'data-points': String(series.length),
    });
    if (series.length < 2) {
      root.setAttribute('aria-label', 'Share history: collecting samples');
      root.appendChild(svg('text', { x: width / 2, y: HEIGHT / 2, 'text-anchor': 'middle', class: 'chart-empty' }, 'Collecting history…'));
      container.replaceChildren(root);
      return;
    }

    const t0 = series[0].t;
    const t1 = series[series.length - 1].t;
    const yMax = yMaxOf(series, destinations);
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const x = (t) => MARGIN.left + ((t - t0) / Math.max(1, t1 - t0)) * plotW;
    const y = (v) => MARGIN.top + (1 - v / yMax) * plotH;

    const last = series[series.length - 1];
    const latest = last.idle ? {} : last.shares;
    const spoken = destinations.map((d) => d.name + ' ' + (isNumber(latest[d.name]) ? Math.round(latest[d.name] * 100) + ' %' : 'no data'));
    const idlePoints = series.filter((p) => p.idle).length;
    root.setAttribute('data-idle-points', String(idlePoints));
    root.setAttribute('aria-label', clean('Share history over the last ' + span((t1 - t0) / 1000) + '; latest: ' + spoken.join(', ') +
      (idlePoints ? '; idle (no traffic) at ' + idlePoints + ' point(s), drawn as gaps' : '')));

    for (const [from, to] of idleBands(series, x)) {
      root.appendChild(svg('rect', {
        class: 'chart-idle', 'data-testid': 'history-idle', x: from.toFixed(1), y: MARGIN.top,
        width: Math.max(1, to - from).toFixed(1), height: plotH,
      }));
    }

    const grid = svg('g', { class: 'chart-grid' });
    for (const v of [0, yMax / 2, yMax]) {
      grid.appendChild(svg('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(v), y2: y(v) }));
      grid.appendChild(svg('text', { x: MARGIN.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, Math.round(v * 100) + ' %'));
    }
    grid.appendChild(svg('text', { x: MARGIN.left, y: HEIGHT - 6, 'text-anchor': 'start' }, '−' + span((t1 - t0) / 1000)));
    grid.appendChild(svg('text', { x: width - MARGIN.right, y: HEIGHT - 6, 'text-anchor': 'end' }, 'now'));
    root.appendChild(grid);

    for (const d of destinations) {
      const color = colors.get(d.name) || '#4d4d4d';
      // A point from a server that keeps no per-point expectation falls back to today's (older servers only).
      const expected = pathFor(series, (p) => (d.name in p.expected ? p.expected[d.name] : d.expectedShare), x, y, true);
      if (expected) {
        root.appendChild(svg('path', { class: 'chart-expected', stroke: color, d: expected, 'data-testid': 'history-expected', 'data-destination': d.name }));
      }
      const fair = pathFor(series, (p) => (d.name in p.fair ? p.fair[d.name] : d.fairShare), x, y, true);
      if (fair) {
        root.appendChild(svg('path', { class: 'chart-fair', stroke: color, d: fair, 'data-testid': 'history-fair', 'data-destination': d.name }));
      }
      const path = pathFor(series, (p) => p.shares[d.name], x, y, false);
      if (path) {
        root.appendChild(svg('path', { class: 'chart-line', stroke: color, d: path, 'data-testid': 'history-line', 'data-destination': d.name }));
      }
    }
    container.replaceChildren(root);
  }

  F.chart = { draw };
})(window.Fulcrum);
