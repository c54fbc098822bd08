using Fulcrum.Core.Alerting;
using Fulcrum.Core.Config;
using Fulcrum.Hosting;
using Fulcrum.Journal;
using Fulcrum.Receivers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using CoreNotification = Fulcrum.Core.Alerting.AlertNotification;
using ReceiverNotification = Fulcrum.Receivers.AlertNotification;

namespace Fulcrum.Fleet;

/// <summary>
/// The fleet's one alert evaluator. Every instance tries to take a PostgreSQL session advisory lock; the one that
/// holds it evaluates the fleet's alerts every second over the fleet view and sends the pages, so an incident pages
/// once per tier, not once per instance. When the leader's session ends (crash, kill -9, lost network) PostgreSQL
/// releases the lock and another instance takes it within a second or two.
/// </summary>
internal sealed partial class FleetAlertLeader(FleetStore store, FleetPages pages, FleetAcks acks, FleetSettings settings, ConfigGate gate, EventJournal journal,
        FleetDispatcher dispatcher, IAdminAddress admin, TimeProvider time, ILogger<FleetAlertLeader> logger) : BackgroundService
{
    private static readonly TimeSpan EvaluatePeriod = TimeSpan.FromSeconds(1);

    private readonly NotificationDispatcher _dispatcher = dispatcher.Dispatcher;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        StoreSession.RunAsync(store, FollowAsync, (type, reason) => LogLost(logger, type, reason), time, stoppingToken);

    /// <summary>Tries for the lock every tick; once held, evaluates every tick on a fresh engine (the lock lives with <paramref name="session"/>).</summary>
    private async Task FollowAsync(NpgsqlConnection session, CancellationToken stoppingToken)
    {
        Leadership? lead = null;
        using var timer = new PeriodicTimer(EvaluatePeriod, time);
        do
        {
            if (lead is null)
            {
                if (await FleetPages.TryLeadAsync(session, stoppingToken))
                {
                    lead = new Leadership(time.GetUtcNow(), time);
                    LogLeading(logger, settings.Instance);
                }
                continue;
            }
            // Still our session? A dead one throws, and the lock went with it.
            await using (var ping = new NpgsqlCommand("SELECT 1", session))
            {
                await ping.ExecuteScalarAsync(stoppingToken);
            }
            await EvaluateAsync(lead, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task EvaluateAsync(Leadership lead, CancellationToken cancellationToken)
    {
        if (gate.Current is not { } config)
        {
            return;
        }
        lead.Engine.Reconfigure(config.Alerts, config.Fairness);
        var counts = await store.LiveCountsAsync(settings.LiveWithin, cancellationToken);
        var now = time.GetUtcNow();
        var snapshots = lead.Snapshots.From(FleetAggregation.Judge(counts, config.Fairness), config.Fairness.Window, now);
        var evaluation = lead.Engine.Evaluate(snapshots);
        foreach (var transition in evaluation.Transitions)
        {
            Journal(transition);
        }
        await ApplySharedAcksAsync(lead.Engine, config.Alerts, cancellationToken);
        foreach (var notification in evaluation.Notifications.Where(n => lead.Engine.Find(n.Alert.Id)?.State != AlertState.Acknowledged))
        {
            await PageAsync(notification, cancellationToken);
        }
        if (now - lead.Since > Grace(config))
        {
            await ReleaseStaleAsync(lead.Engine, cancellationToken);
        }
        await pages.RecordLeaderAsync(settings.Instance, lead.Since, cancellationToken);
    }

    private async Task PageAsync(CoreNotification notification, CancellationToken cancellationToken)
    {
        var alert = notification.Alert;
        var state = notification.Kind == AlertNotificationKind.Resolved ? NotificationState.Resolved : NotificationState.Firing;
        if (state == NotificationState.Resolved)
        {
            await pages.ReleaseAsync(alert.Name, alert.Cluster, alert.Destination, cancellationToken);
        }
        else if (!await pages.ClaimAsync(alert.Name, alert.Cluster, alert.Destination, notification.Tier, settings.Instance, cancellationToken))
        {
            // A previous leader already paged this tier of this incident.
            return;
        }
        foreach (var receiver in notification.Receivers)
        {
            _dispatcher.TryEnqueue(new ReceiverNotification(alert.Id, alert.Name, alert.Cluster, alert.Destination, state, alert.Since,
                $"fleet: {alert.Summary}", alert.Cause?.Description, notification.Tier, receiver, alert.FiredAt ?? alert.Since,
                state == NotificationState.Resolved ? alert.ResolvedAt ?? notification.Time : null, admin.Address));
        }
    }

    /// <summary>
    /// An acknowledgement made on any instance stops the fleet's escalation: the alert it covers is acknowledged here
    /// too (journaled), and the tiers already paged are told.
    /// </summary>
    private async Task ApplySharedAcksAsync(AlertEngine engine, AlertsConfig alerts, CancellationToken cancellationToken)
    {
        foreach (var (alert, ack) in FleetAcks.Covered(engine.Alerts, await acks.ReadAsync(cancellationToken)))
        {
            if (engine.Ack(alert.Id, $"{ack.By} (on {ack.Instance})") is not { } transition)
            {
                continue;
            }
            Journal(transition);
            var acknowledged = transition.Alert;
            foreach (var tier in acknowledged.NotifiedTiers.Where(t => t < alerts.Escalation.Count))
            {
                foreach (var receiver in alerts.Escalation[tier].Notify)
                {
                    _dispatcher.TryEnqueue(new ReceiverNotification(acknowledged.Id, acknowledged.Name, acknowledged.Cluster, acknowledged.Destination,
                        NotificationState.Acknowledged, acknowledged.Since, $"fleet: {acknowledged.Summary}", acknowledged.Cause?.Description, tier, receiver,
                        acknowledged.FiredAt ?? acknowledged.Since, null, admin.Address));
                }
            }
        }
    }

    /// <summary>
    /// Pages claimed by a leader that died before its alert resolved would block the next incident's pages: once this
    /// leader has evaluated long enough for any alert whose condition holds to be raised again, claims of alerts it
    /// does not have are released.
    /// </summary>
    private async Task ReleaseStaleAsync(AlertEngine engine, CancellationToken cancellationToken)
    {
        var active = engine.Alerts.Where(a => a.State != AlertState.Resolved)
            .Select(a => (a.Name, a.Cluster, a.Destination ?? "")).ToHashSet();
        foreach (var claim in await pages.ClaimsAsync(cancellationToken))
        {
            if (!active.Contains(claim))
            {
                await pages.ReleaseAsync(claim.Alert, claim.Cluster, claim.Destination, cancellationToken);
            }
        }
    }

    private static TimeSpan Grace(FulcrumConfig config) =>
        new[] { config.Fairness.For, config.Alerts.ErrorRate.For, config.Alerts.LatencyP99.For }.Max() + EvaluatePeriod * 5;

    private void Journal(AlertTransition transition)
    {
        var alert = transition.Alert;
        var kind = EventKinds.ForAlert(transition.To);
        var verb = transition.To switch
        {
            null => "withdrawn before firing",
            AlertState.Acknowledged => $"acknowledged by {alert.AcknowledgedBy}",
            { } to => AlertStates.Name(to),
        };
        journal.TryEnqueue(JournalEvent.Create(kind, $"fleet {alert.Name} {verb}: {alert.Summary}", alert.Cluster, alert.Destination, null, alert.Id, transition.Time));
    }

    /// <summary>State that lives as long as this instance leads: a new leader starts its engine afresh.</summary>
    private sealed class Leadership(DateTimeOffset since, TimeProvider time)
    {
        public DateTimeOffset Since { get; } = since;
        public AlertEngine Engine { get; } = new(AlertsConfig.Default, FairnessConfig.Default, time);
        public FleetSnapshots Snapshots { get; } = new();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "fleet: {Instance} evaluates the fleet's alerts now (holds the leader lock)")]
    private static partial void LogLeading(ILogger logger, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet: alert evaluation stopped ({Type}: {Reason}); another instance may lead; retrying")]
    private static partial void LogLost(ILogger logger, string type, string reason);
}
