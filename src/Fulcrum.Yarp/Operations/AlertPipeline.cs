using Fulcrum.Core.Alerting;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Journal;
using Fulcrum.Receivers;
using CoreNotification = Fulcrum.Core.Alerting.AlertNotification;
using ReceiverNotification = Fulcrum.Receivers.AlertNotification;

namespace Fulcrum.Operations;

/// <summary>
/// Runs the alert engine over the monitor's snapshots, journals every alert transition (with the request and
/// error counts the postmortem computes impact from), and hands notifications to the dispatcher, which never
/// blocks. Acknowledgement stops escalation and tells the tiers already notified.
/// </summary>
internal sealed class AlertPipeline
{
    private readonly AlertEngine _engine;
    private readonly EventJournal _journal;
    private readonly NotificationDispatcher _dispatcher;
    private readonly DistributionMonitor _monitor;
    private readonly Func<AlertsConfig> _alerts;
    private readonly Func<Uri?> _dashboard;
    private readonly object _lock = new();
    private volatile bool _firedSinceConfigChange;

    public AlertPipeline(AlertEngine engine, EventJournal journal, NotificationDispatcher dispatcher, DistributionMonitor monitor, Func<AlertsConfig> alerts, Func<Uri?> dashboard)
    {
        _engine = engine;
        _journal = journal;
        _dispatcher = dispatcher;
        _monitor = monitor;
        _alerts = alerts;
        _dashboard = dashboard;
    }

    public AlertEngine Engine => _engine;

    /// <summary>True when an alert fired since the serving config was applied (then it did not serve cleanly).</summary>
    public bool FiredSinceConfigChange => _firedSinceConfigChange || _engine.Alerts.Any(a => a.IsFiring);

    public void OnConfigChanged() => _firedSinceConfigChange = false;

    /// <summary>
    /// Raised after an operator's acknowledgement took effect (not one applied with <c>announce: false</c>), so a fleet
    /// can share it with the other instances and its evaluator.
    /// </summary>
    public event Action<Alert>? Acknowledged;

    public void Evaluate()
    {
        lock (_lock)
        {
            var snapshots = _monitor.Snapshot();
            var evaluation = _engine.Evaluate(snapshots);
            foreach (var transition in evaluation.Transitions)
            {
                Journal(transition, snapshots);
            }
            foreach (var notification in evaluation.Notifications)
            {
                Dispatch(notification);
            }
        }
    }

    /// <summary>
    /// Acknowledges the firing alert <paramref name="id"/>: journaled, the tiers already told are told, escalation stops.
    /// <paramref name="announce"/> false applies an acknowledgement made elsewhere (another instance of the fleet)
    /// without announcing it again.
    /// </summary>
    public Alert? Ack(string id, string by, bool announce = true)
    {
        Alert? acknowledged;
        lock (_lock)
        {
            acknowledged = AckLocked(id, by);
        }
        if (acknowledged is not null && announce)
        {
            Acknowledged?.Invoke(acknowledged);
        }
        return acknowledged;
    }

    private Alert? AckLocked(string id, string by)
    {
        var transition = _engine.Ack(id, by);
        if (transition is null)
        {
            return null;
        }
        Journal(transition, _monitor.Snapshot());
        var tiers = _alerts().Escalation;
        foreach (var tier in transition.Alert.NotifiedTiers.Where(t => t < tiers.Count))
        {
            foreach (var receiver in tiers[tier].Notify)
            {
                _dispatcher.TryEnqueue(Map(transition.Alert, NotificationState.Acknowledged, tier, receiver));
            }
        }
        return transition.Alert;
    }

    private void Journal(AlertTransition transition, IReadOnlyList<ClusterSnapshot> snapshots)
    {
        var alert = transition.Alert;
        var kind = EventKinds.ForAlert(transition.To);
        if (transition.To == AlertState.Firing)
        {
            _firedSinceConfigChange = true;
        }
        var summary = transition.To switch
        {
            null => $"{alert.Name} withdrawn before firing: {alert.Summary}",
            AlertState.Acknowledged => $"{alert.Name} acknowledged by {alert.AcknowledgedBy}: {alert.Summary}",
            _ => $"{alert.Name} {AlertStates.Name(transition.To.Value)}: {alert.Summary}",
        };
        var cluster = snapshots.FirstOrDefault(s => s.Name == alert.Cluster);
        var scope = alert.Destination is { } d ? cluster?.Find(d) : null;
        var details = new AlertEventDetails(
            Name: alert.Name,
            Cause: alert.Cause?.Description,
            Signal: cluster?.Verdict.Signal is { } signal && alert.Name == AlertNames.Imbalance ? SkewSignals.Name(signal) : null,
            Requests: scope?.Requests ?? cluster?.WindowRequests,
            Errors: scope?.Errors ?? cluster?.WindowErrors,
            ErrorRate: scope?.ErrorRate ?? cluster?.ErrorRate);
        _journal.Append(JournalEvent.Create(kind, summary, alert.Cluster, alert.Destination, details.ToJson(), alert.Id, transition.Time));
    }

    private void Dispatch(CoreNotification notification)
    {
        var state = notification.Kind == AlertNotificationKind.Resolved ? NotificationState.Resolved : NotificationState.Firing;
        foreach (var receiver in notification.Receivers)
        {
            _dispatcher.TryEnqueue(Map(notification.Alert, state, notification.Tier, receiver));
        }
    }

    private ReceiverNotification Map(Alert alert, NotificationState state, int tier, string receiver) => new(
        alert.Id,
        alert.Name,
        alert.Cluster,
        alert.Destination,
        state,
        alert.Since,
        alert.Summary,
        alert.Cause is { } cause ? $"{cause.Description} at {cause.Time:yyyy-MM-dd HH:mm:ss}Z" : null,
        tier,
        receiver,
        alert.FiredAt ?? alert.Since,
        state == NotificationState.Resolved ? alert.ResolvedAt ?? DateTimeOffset.UtcNow : null,
        _dashboard());
}
