using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Alerting;

/// <summary>
/// Fulcrum's alert state machines: <c>imbalance</c>, <c>error-rate</c>, <c>latency-p99</c>, <c>destination-down</c>,
/// <c>all-ejected</c>, each pending → firing (after its <c>for</c>) → resolved, acknowledged by <see cref="Ack"/>,
/// escalated tier by tier while firing unacknowledged. The host calls <see cref="Evaluate"/> every second with
/// <see cref="DistributionMonitor.Snapshot()"/>, journals the transitions and sends the notifications; the engine
/// does no I/O.
/// <para>Hysteresis, so alerts do not flap: a threshold alert is raised above its threshold but kept while above
/// <see cref="ClearRatio"/> of it (a pending one keeps counting toward <c>for</c>); a firing alert resolves only
/// after its condition has been clear for <see cref="ClearHold"/> without interruption. A pending alert whose
/// condition clears is withdrawn at once (nobody was told).</para>
/// <para>Error-rate and p99 alerts, for a cluster or one destination, are judged only over at least
/// <c>fairness.min-requests</c> requests in the window: a rate measured on fewer is noise (3 failures in 50 requests
/// at a 1 % base rate happen one window in seventy).</para>
/// </summary>
public sealed class AlertEngine
{
    /// <summary>A threshold alert stays up while its value is above this fraction of the threshold.</summary>
    public const double ClearRatio = 0.8;

    /// <summary>How many resolved alerts are kept for the API.</summary>
    public const int ResolvedKept = 100;

    public static readonly TimeSpan DefaultClearHold = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Func<AlertCandidate, AlertCause?>? _causeFinder;
    private readonly Dictionary<string, TrackedAlert> _active = new(StringComparer.Ordinal);
    private readonly LinkedList<TrackedAlert> _resolved = new();
    private AlertsConfig _alerts;
    private FairnessConfig _fairness;
    private int _sequence;
    private IReadOnlyList<AlertCondition> _auditConditions = [];

    /// <param name="causeFinder">The host's journal lookup: the most recent change that could explain an alert, or null.</param>
    /// <param name="clearHold">How long a firing alert's condition must stay clear before it resolves (default 30 s).</param>
    public AlertEngine(AlertsConfig alerts, FairnessConfig fairness, TimeProvider time,
        Func<AlertCandidate, AlertCause?>? causeFinder = null, TimeSpan? clearHold = null)
    {
        _alerts = alerts;
        _fairness = fairness;
        _time = time;
        _causeFinder = causeFinder;
        ClearHold = clearHold ?? DefaultClearHold;
    }

    public TimeSpan ClearHold { get; }

    /// <summary>Active alerts (pending, firing, acknowledged) oldest first, then resolved ones newest first.</summary>
    public IReadOnlyList<Alert> Alerts
    {
        get
        {
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                return _active.Values.OrderBy(a => a.Since).Concat(_resolved).Select(a => a.ToAlert(now)).ToArray();
            }
        }
    }

    public Alert? Find(string id) => Alerts.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.Ordinal));

    /// <summary>Firing (including acknowledged) alerts per name, every name present: the <c>fulcrum_alerts_firing{alert}</c> gauge.</summary>
    public IReadOnlyDictionary<string, int> FiringCounts()
    {
        lock (_gate)
        {
            return AlertNames.All.ToDictionary(n => n, n => _active.Values.Count(a => a.Name == n && a.State is AlertState.Firing or AlertState.Acknowledged));
        }
    }

    /// <summary>Applies reloaded thresholds, <c>for</c> durations and escalation tiers to the alerts from now on.</summary>
    public void Reconfigure(AlertsConfig alerts, FairnessConfig fairness)
    {
        lock (_gate)
        {
            _alerts = alerts;
            _fairness = fairness;
        }
    }

    /// <summary>
    /// Acknowledges a firing alert: it stays up (state acknowledged) but escalates no further. Null when no active
    /// alert has that id or it is not firing (pending alerts cannot be acknowledged; acking twice changes nothing).
    /// </summary>
    public AlertTransition? Ack(string id, string by)
    {
        lock (_gate)
        {
            var alert = _active.Values.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.Ordinal));
            if (alert is not { State: AlertState.Firing })
            {
                return null;
            }
            var now = _time.GetUtcNow();
            alert.State = AlertState.Acknowledged;
            alert.AcknowledgedAt = now;
            alert.AcknowledgedBy = by;
            return new AlertTransition(alert.ToAlert(now), AlertState.Firing, AlertState.Acknowledged, now);
        }
    }

    /// <summary>
    /// Replaces the error-level findings of the latest live audit: each one holds an <c>audit</c> alert up (it fires
    /// at the next evaluation) until an audit no longer reports it.
    /// </summary>
    public void ReportAuditFindings(IEnumerable<(string Cluster, string? Destination, string Summary)> findings)
    {
        var conditions = findings
            .Select(f => new AlertCondition(AlertNames.Audit, f.Cluster, f.Destination, true, true, null, TimeSpan.Zero, f.Summary))
            .ToArray();
        lock (_gate)
        {
            _auditConditions = conditions;
        }
    }

    /// <summary>Runs every alert's state machine against the current snapshots (call every second).</summary>
    public AlertEvaluation Evaluate(IReadOnlyList<ClusterSnapshot> snapshots)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var conditions = AlertConditions.From(snapshots, _alerts, _fairness)
                .Concat(_auditConditions)
                .GroupBy(c => c.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var transitions = new List<AlertTransition>();
            var notifications = new List<AlertNotification>();

            foreach (var condition in conditions.Values)
            {
                if (_active.TryGetValue(condition.Key, out var existing))
                {
                    existing.Summary = condition.Summary;
                    existing.Value = condition.Value;
                    existing.Threshold = condition.Threshold;
                }
                else if (condition.Triggered)
                {
                    Raise(condition, now, transitions);
                }
            }
            foreach (var alert in _active.Values.ToArray())
            {
                conditions.TryGetValue(alert.Key, out var condition);
                Step(alert, condition, now, transitions, notifications);
            }
            return transitions.Count == 0 && notifications.Count == 0
                ? AlertEvaluation.Empty
                : new AlertEvaluation(transitions, notifications);
        }
    }

    private void Raise(AlertCondition condition, DateTimeOffset now, List<AlertTransition> transitions)
    {
        var since = condition.Since is { } began && began <= now ? began : now;
        var id = AlertIds.Create(condition.Name, condition.Cluster, condition.Destination, since, _sequence++);
        var alert = new TrackedAlert(id, condition, since, null);
        alert.Cause = _causeFinder?.Invoke(alert.ToCandidate());
        _active[alert.Key] = alert;
        transitions.Add(new AlertTransition(alert.ToAlert(now), null, AlertState.Pending, now));
    }

    private void Step(TrackedAlert alert, AlertCondition? condition, DateTimeOffset now,
        List<AlertTransition> transitions, List<AlertNotification> notifications)
    {
        var holds = condition is { Sustained: true };
        switch (alert.State)
        {
            case AlertState.Pending when !holds:
                _active.Remove(alert.Key);
                transitions.Add(new AlertTransition(alert.ToAlert(now), AlertState.Pending, null, now));
                break;
            case AlertState.Pending when now - alert.Since >= condition!.For:
                alert.State = AlertState.Firing;
                alert.FiredAt = now;
                alert.Cause ??= _causeFinder?.Invoke(alert.ToCandidate());
                transitions.Add(new AlertTransition(alert.ToAlert(now), AlertState.Pending, AlertState.Firing, now));
                Escalate(alert, now, notifications);
                break;
            case AlertState.Firing or AlertState.Acknowledged when holds:
                alert.ClearSince = null;
                if (alert.State == AlertState.Firing)
                {
                    Escalate(alert, now, notifications);
                }
                break;
            case AlertState.Firing or AlertState.Acknowledged:
                alert.ClearSince ??= now;
                if (now - alert.ClearSince.Value >= ClearHold)
                {
                    Resolve(alert, now, transitions, notifications);
                }
                else if (alert.State == AlertState.Firing)
                {
                    Escalate(alert, now, notifications);
                }
                break;
        }
    }

    /// <summary>Tells every tier whose <c>after</c> has elapsed since the alert fired and that was not told yet.</summary>
    private void Escalate(TrackedAlert alert, DateTimeOffset now, List<AlertNotification> notifications)
    {
        var tiers = _alerts.Escalation;
        for (var i = 0; i < tiers.Count; i++)
        {
            if (alert.NotifiedTiers.ContainsKey(i) || now - alert.FiredAt!.Value < tiers[i].After)
            {
                continue;
            }
            alert.NotifiedTiers[i] = tiers[i].Notify;
            var kind = tiers[i].After <= TimeSpan.Zero ? AlertNotificationKind.Firing : AlertNotificationKind.Escalated;
            notifications.Add(new AlertNotification(kind, alert.ToAlert(now), i, tiers[i].Notify, now));
        }
    }

    private void Resolve(TrackedAlert alert, DateTimeOffset now, List<AlertTransition> transitions, List<AlertNotification> notifications)
    {
        var from = alert.State;
        alert.State = AlertState.Resolved;
        alert.ResolvedAt = now;
        _active.Remove(alert.Key);
        _resolved.AddFirst(alert);
        while (_resolved.Count > ResolvedKept)
        {
            _resolved.RemoveLast();
        }
        var view = alert.ToAlert(now);
        transitions.Add(new AlertTransition(view, from, AlertState.Resolved, now));
        foreach (var (tier, receivers) in alert.NotifiedTiers)
        {
            notifications.Add(new AlertNotification(AlertNotificationKind.Resolved, view, tier, receivers, now));
        }
    }
}
