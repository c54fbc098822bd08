using Fulcrum.Core.Alerting;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Journal;
using Fulcrum.Receivers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Operations;

/// <summary>
/// Runs the alert engine over the monitor's snapshots, journals and logs every alert transition (with the request
/// and error counts the postmortem computes impact from), groups notifications per cluster, tier and receiver
/// (<see cref="AlertGrouper"/>: one page per incident per tier) and hands them to the dispatcher, which never
/// blocks. Acknowledgement stops escalation and tells the tiers already notified.
/// </summary>
internal sealed partial class AlertPipeline
{
    private readonly AlertEngine _engine;
    private readonly EventJournal _journal;
    private readonly NotificationDispatcher _dispatcher;
    private readonly DistributionMonitor _monitor;
    private readonly Func<AlertsConfig> _alerts;
    private readonly Func<Uri?> _dashboard;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AlertGrouper _grouper = new();
    private readonly object _lock = new();
    private volatile bool _firedSinceConfigChange;

    public AlertPipeline(AlertEngine engine, EventJournal journal, NotificationDispatcher dispatcher, DistributionMonitor monitor,
        Func<AlertsConfig> alerts, Func<Uri?> dashboard, TimeProvider? time = null, ILogger<AlertPipeline>? logger = null)
    {
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<AlertPipeline>.Instance;
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
            var alerts = _alerts();
            foreach (var group in _grouper.Step(evaluation.Notifications, _time.GetUtcNow(), alerts.GroupWait, alerts.GroupInterval))
            {
                _dispatcher.TryEnqueue(AlertNotifications.ForGroup(group, alerts, _dashboard()));
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
                _dispatcher.TryEnqueue(AlertNotifications.ForAlert(transition.Alert, NotificationState.Acknowledged, tier, receiver,
                    _alerts(), _dashboard(), _time.GetUtcNow()));
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
        var cluster = snapshots.FirstOrDefault(s => s.Name == alert.Cluster);
        var summary = transition.To switch
        {
            null => PendingEnd.Describe(alert, cluster),
            AlertState.Acknowledged => $"{alert.Name} acknowledged by {alert.AcknowledgedBy}: {alert.Summary}",
            _ => $"{alert.Name} {AlertStates.Name(transition.To.Value)}: {alert.Summary}",
        };
        var scope = alert.Destination is { } d ? cluster?.Find(d) : null;
        var details = new AlertEventDetails(
            Name: alert.Name,
            Cause: alert.Cause?.Description,
            Signal: cluster?.Verdict.Signal is { } signal && alert.Name == AlertNames.Imbalance ? SkewSignals.Name(signal) : null,
            Requests: scope?.Requests ?? cluster?.WindowRequests,
            Errors: scope?.Errors ?? cluster?.WindowErrors,
            ErrorRate: scope?.ErrorRate ?? cluster?.ErrorRate,
            Value: alert.Value,
            Threshold: alert.Threshold,
            By: transition.To == AlertState.Acknowledged ? alert.AcknowledgedBy : null);
        _journal.Append(JournalEvent.Create(kind, summary, alert.Cluster, alert.Destination, details.ToJson(), alert.Id, transition.Time));
        LogTransition(_logger, alert.Id, alert.Name, alert.Cluster, alert.Destination,
            transition.From is { } from ? AlertStates.Name(from) : "none",
            transition.To is { } to ? AlertStates.Name(to) : "withdrawn",
            alert.Value, alert.Threshold, alert.Summary);
    }

    // One line per transition, every fact a named property, so a log pipeline can index and alert on it.
    [LoggerMessage(EventId = 1, EventName = "AlertTransition", Level = LogLevel.Warning,
        Message = "alert {AlertId} {AlertName} on {Cluster}/{Destination}: {FromState} -> {ToState} (value {Value}, threshold {Threshold}): {Summary}")]
    private static partial void LogTransition(ILogger logger, string alertId, string alertName, string cluster, string? destination,
        string fromState, string toState, double? value, double? threshold, string summary);
}
