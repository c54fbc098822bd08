// Shared helpers of the Fulcrum dashboard: building DOM nodes and formatting numbers and times.
window.Fulcrum = window.Fulcrum || {};
(function (F) {
  'use strict';

  const $ = (selector, root) => (root || document).querySelector(selector);

  // Every text the page shows goes through clean(): control characters (a name or summary can carry a terminal
  // escape or a newline) and bidirectional overrides (which can make a name read backwards) become visible
  // \u escapes. HTML needs no escaping: text is only ever set through textContent, never innerHTML.
  const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  const clean = (text) => String(text === null || text === undefined ? '' : text)
    .replace(UNSAFE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'text') node.textContent = clean(value);
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children || []) node.appendChild(child);
    return node;
  }

  function setText(node, text) {
    const shown = clean(text);
    if (node.textContent !== shown) node.textContent = shown;
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

  F.util = { $, el, setText, clean, isNumber, pct, errorPct, count, clock, ms, parseTime, duration, sinceText };
})(window.Fulcrum);
