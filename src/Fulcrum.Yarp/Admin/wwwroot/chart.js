// Share-history chart for the Fulcrum dashboard: one line per destination (its actual share over the last
// minutes) and a dashed line at its current expected share, drawn as inline SVG so the page needs no library.
window.Fulcrum = window.Fulcrum || {};
(function (F) {
  'use strict';

  const SVG_NS = 'http://www.w3.org/2000/svg';
  const HEIGHT = 168;
  const MARGIN = { top: 10, right: 12, bottom: 22, left: 40 };

  const { isNumber } = F.util;

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
      .map((h) => ({ t: h && h.time ? new Date(h.time).getTime() : NaN, shares: (h && h.shares) || {} }))
      .filter((p) => Number.isFinite(p.t))
      .sort((a, b) => a.t - b.t);
  }

  // The y axis stops at a round tenth above the largest share, so skew is visible without wasting height.
  function yMaxOf(series, destinations) {
    let max = 0;
    for (const p of series) for (const v of Object.values(p.shares)) if (isNumber(v)) max = Math.max(max, v);
    for (const d of destinations) if (isNumber(d.expectedShare)) max = Math.max(max, d.expectedShare);
    return Math.min(1, Math.max(0.1, Math.ceil(max * 10 + 1e-9) / 10));
  }

  // A path with a gap wherever a destination has no sample (it joined later, or was removed for a while).
  function pathFor(series, name, x, y) {
    let d = '';
    let pen = 'M';
    for (const p of series) {
      const v = p.shares[name];
      if (!isNumber(v)) {
        pen = 'M';
        continue;
      }
      d += pen + x(p.t).toFixed(1) + ' ' + y(v).toFixed(1) + ' ';
      pen = 'L';
    }
    return d.trim();
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

    const latest = series[series.length - 1].shares;
    const spoken = destinations.map((d) => d.name + ' ' + (isNumber(latest[d.name]) ? Math.round(latest[d.name] * 100) + ' %' : 'no data'));
    root.setAttribute('aria-label', 'Share history over the last ' + span((t1 - t0) / 1000) + '; latest: ' + spoken.join(', '));

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
      if (isNumber(d.expectedShare)) {
        root.appendChild(svg('line', {
          class: 'chart-expected', stroke: color, 'data-destination': d.name,
          x1: MARGIN.left, x2: width - MARGIN.right, y1: y(d.expectedShare), y2: y(d.expectedShare),
        }));
      }
      const path = pathFor(series, d.name, x, y);
      if (path) {
        root.appendChild(svg('path', { class: 'chart-line', stroke: color, d: path, 'data-testid': 'history-line', 'data-destination': d.name }));
      }
    }
    container.replaceChildren(root);
  }

  F.chart = { draw };
})(window.Fulcrum);
