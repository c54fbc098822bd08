// The alerts list of the Fulcrum dashboard: firing first, then pending, then acknowledged, with an Ack button
// only where the engine accepts one (a firing alert: AlertEngine.Ack refuses pending and acknowledged ones); and
// the last incidents (alerts that fired, then resolved), which stay listed after they resolve. Rows are keyed by alert id and updated in place, so a button
// keeps its focus across the once-a-second refresh.
window.Fulcrum = window.Fulcrum || {};
(function (F) {
  'use strict';

  const { $, el, setText, sinceText, clean, parseTime, clock, duration } = F.util;
  const ACKABLE = new Set(['firing']);
  const INCIDENTS_SHOWN = 8;
  const ALERT_ORDER = { firing: 0, pending: 1, acknowledged: 2 };

  // root: the alerts section; ack(id): POSTs the ack and resolves to an error text to show, or null.
  F.AlertList = function (root, ack) {
    const list = $('[data-testid="alert-list"]', root);
    const alertRows = new Map();

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
      row.ackButton = button;
      return row;
    }

    async function acknowledge(row) {
      const button = row.ackButton;
      const problem = $('[data-testid="alert-error"]', row);
      button.disabled = true;
      button.textContent = 'Acking…';
      problem.hidden = true;
      try {
        // Shown on the row itself: the status line is rewritten by the next poll a second later.
        const failure = await ack(row.dataset.alertId);
        problem.textContent = failure || '';
        problem.hidden = !failure;
      } finally {
        button.disabled = false;
        button.textContent = 'Ack';
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
        const button = row.ackButton;
        button.hidden = !ACKABLE.has(alert.state);
        button.setAttribute('aria-label', clean('Acknowledge ' + (alert.name || 'alert') + ' on ' +
          [alert.cluster, alert.destination].filter(Boolean).join(' / ')));
        if (!ACKABLE.has(alert.state)) {
          // A hidden button must not survive as a focus target either.
          button.remove();
        } else if (!button.isConnected) {
          row.appendChild(button);
        }
        list.appendChild(row); // moves existing rows into sorted order without recreating them
      }
      for (const [id, row] of alertRows) {
        if (!seen.has(id)) {
          row.remove();
          alertRows.delete(id);
        }
      }
      const firing = active.filter((a) => a.state === 'firing').length;
      setText($('[data-testid="alert-count"]', root), active.length ? '(' + firing + ' firing, ' + active.length + ' active)' : '');
      $('[data-testid="alerts-empty"]', root).hidden = active.length > 0;
      // A firing count in the tab title, so a background tab still tells the operator something is wrong.
      document.title = (firing ? '(' + firing + ' firing) ' : '') + 'Fulcrum — live distribution';
      renderIncidents(alerts);
    }

    // Resolved alerts that had fired (a pending alert that cleared was never an incident), newest first. The
    // engine keeps the last 100 resolved alerts, so a resolved incident stays here across restarts of the page.
    function renderIncidents(alerts) {
      const section = $('[data-testid="incidents"]');
      if (!section) return;
      const resolved = (Array.isArray(alerts) ? alerts : [])
        .filter((a) => a && a.state === 'resolved' && a.firedAt)
        .sort((a, b) => String(b.resolvedAt).localeCompare(String(a.resolvedAt)))
        .slice(0, INCIDENTS_SHOWN);
      const items = resolved.map((a) => {
        const fired = parseTime(a.firedAt);
        const ended = parseTime(a.resolvedAt);
        const span = fired && ended ? clock(fired) + ' → ' + clock(ended) + ' (' + duration((ended - fired) / 1000) + ')' : '';
        return el('li', { class: 'incident', 'data-testid': 'incident-row', 'data-alert-id': String(a.id) }, [
          el('span', { class: 'incident-state', text: 'resolved' }),
          el('strong', { 'data-testid': 'incident-name', text: a.name || 'alert' }),
          el('span', { class: 'alert-where', 'data-testid': 'incident-where', text: [a.cluster, a.destination].filter(Boolean).join(' / ') }),
          el('span', { class: 'alert-since', 'data-testid': 'incident-span', text: span }),
          el('span', { class: 'incident-summary', 'data-testid': 'incident-summary', text: a.summary || '' }),
          el('span', { class: 'incident-ack', text: a.acknowledgedBy ? 'acked by ' + a.acknowledgedBy : '' }),
        ]);
      });
      $('[data-testid="incident-list"]', section).replaceChildren(...items);
      $('[data-testid="incidents-empty"]', section).hidden = items.length > 0;
    }

    return { render: renderAlerts };
  };
})(window.Fulcrum);
