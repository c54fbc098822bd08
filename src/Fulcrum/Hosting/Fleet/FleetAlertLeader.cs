using Fulcrum.Core.Alerting;
using Fulcrum.Core.Config;
using Fulcrum.Hosting;
using Fulcrum.Journal;
using Fulcrum.Receivers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fulcrum.Fleet;

/// <summary>
/// The fleet's one alert evaluator. Every instance tries to take a PostgreSQL session advisory lock; the one that
/// holds it evaluates the fleet's alerts every second over the fleet view and sends the pages, so an incident pages
/// once per tier, not once per instance. When the leader's session ends (crash, kill -9, lost network) PostgreSQL
/// releases the lock and another instance takes it within a second or two. Pages are grouped per cluster, tier and
/// receiver (<see cref="AlertGrouper"/>, as the single instance does): several alerts of one cluster firing together
/// make one page per tier. A group is sent only when this leader claims at least one of its alerts for that tier, so
/// a new leader does not page again what the previous one paged.
/// </summary>
internal sealed partial class FleetAlertLeader(FleetStore store, FleetPages pages, FleetAcks acks, FleetSettings settings, ConfigGate gate, EventJournal journal,
        FleetDispatcher dispatcher, IAdminAddress admin, TimeProvider time, ILogger<FleetAlertLeader> logger) : BackgroundService
{
    private static readonly TimeSpan EvaluatePeriod = TimeSpan.FromSeconds(1);
    private const string FleetPrefix = "fleet: ";

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
        var counts = await store.LiveCountsAsync(settings.LiveWithin, cancellationToken, (instance, reason) =>
        {
            if (lead.Unreadable.Add(instance))
            {
                LogUnreadable(logger, instance, reason);
            }
        });
        var now = time.GetUtcNow();
        var snapshots = lead.Snapshots.From(FleetAggregation.Judge(counts, config.Fairness), config.Fairness.Window, now);
        var evaluation = lead.Engine.Evaluate(snapshots);
        foreach (var transition in evaluation.Transitions)
        {
            Journal(transition);
        }
        await ApplySharedAcksAsync(lead.Engine, config.Alerts, cancellationToken);
        foreach (var resolved in evaluation.Notifications.Where(n => n.Kind == AlertNotificationKind.Resolved).Select(n => n.Alert).DistinctBy(a => a.Id))
        {
            await pages.ReleaseAsync(resolved.Name, resolved.Cluster, resolved.Destination, cancellationToken);
        }
        var due = lead.Grouper.Step(evaluation.Notifications.Where(n => lead.Engine.Find(n.Alert.Id)?.State != AlertState.Acknowledged),
            now, config.Alerts.GroupWait, config.Alerts.GroupInterval);
        foreach (var tier in due.GroupBy(g => (g.Cluster, g.Tier, g.Kind)))
        {
            await PageAsync([.. tier], config.Alerts, cancellationToken);
        }
        if (now - lead.Since > Grace(config))
        {
            await ReleaseStaleAsync(lead.Engine, cancellationToken);
        }
        await pages.RecordLeaderAsync(settings.Instance, lead.Since, cancellationToken);
    }

    /// <summary>Sends one tier's groups of one cluster (one per receiver) unless a previous leader paged all their alerts at that tier.</summary>
    private async Task PageAsync(IReadOnlyList<AlertGroup> groups, AlertsConfig alerts, CancellationToken cancellationToken)
    {
        var first = groups[0];
        if (first.Kind != AlertNotificationKind.Resolved)
        {
            var claimed = false;
            foreach (var alert in groups.SelectMany(g => g.Alerts).DistinctBy(a => a.Id).Where(a => a.State != AlertState.Resolved))
            {
                claimed |= await pages.ClaimAsync(alert.Name, alert.Cluster, alert.Destination, first.Tier, settings.Instance, cancellationToken);
            }
            if (!claimed)
            {
                return; // a previous leader already paged this tier of this incident
            }
        }
        foreach (var group in groups)
        {
            _dispatcher.TryEnqueue(AlertNotifications.ForGroup(group, alerts, admin.Address, FleetPrefix));
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
                    _dispatcher.TryEnqueue(AlertNotifications.ForAlert(acknowledged, NotificationState.Acknowledged, tier, receiver, alerts,
                        admin.Address, time.GetUtcNow(), FleetPrefix));
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
        var details = new AlertEventDetails(Name: alert.Name, Value: alert.Value, Threshold: alert.Threshold,
            By: transition.To == AlertState.Acknowledged ? alert.AcknowledgedBy : null);
        journal.TryEnqueue(JournalEvent.Create(kind, $"fleet {alert.Name} {verb}: {alert.Summary}", alert.Cluster, alert.Destination, details.ToJson(), alert.Id, transition.Time));
    }

    /// <summary>State that lives as long as this instance leads: a new leader starts its engine afresh.</summary>
    private sealed class Leadership(DateTimeOffset since, TimeProvider time)
    {
        public DateTimeOffset Since { get; } = since;
        public AlertEngine Engine { get; } = new(AlertsConfig.Default, FairnessConfig.Default, time);
        public FleetSnapshots Snapshots { get; } = new();
        public AlertGrouper Grouper { get; } = new();

        /// <summary>Instances whose unreadable counts were logged already (once per leadership, not every second).</summary>
        public HashSet<string> Unreadable { get; } = new(StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "fleet: {Instance} evaluates the fleet's alerts now (holds the leader lock)")]
    private static partial void LogLeading(ILogger logger, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet: alert evaluation stopped ({Type}: {Reason}); another instance may lead; retrying")]
    private static partial void LogLost(ILogger logger, string type, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet: the counts of instance {Instance} cannot be read ({Reason}); the fleet's alerts are judged without them")]
    private static partial void LogUnreadable(ILogger logger, string instance, string reason);
}
