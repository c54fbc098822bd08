using Fulcrum.Core.Alerting;
using Fulcrum.Core.Config;

namespace Fulcrum.Receivers;

/// <summary>
/// Turns the engine's alerts and groups into receiver notifications, with the runbook link of every alert. One
/// place for the single instance's alert pipeline and the fleet's leader, so a page looks
/// the same whichever sent it (the fleet's summaries carry a "fleet: " prefix).
/// </summary>
internal static class AlertNotifications
{
    public static AlertNotification ForAlert(Alert alert, NotificationState state, int tier, string receiver, AlertsConfig alerts,
        Uri? dashboard, DateTimeOffset now, string summaryPrefix = "") => new(
        alert.Id,
        alert.Name,
        alert.Cluster,
        alert.Destination,
        state,
        alert.Since,
        summaryPrefix + alert.Summary,
        alert.Cause is { } cause ? $"{cause.Description} at {cause.Time:yyyy-MM-dd HH:mm:ss}Z" : null,
        tier,
        receiver,
        alert.FiredAt ?? alert.Since,
        state == NotificationState.Resolved ? alert.ResolvedAt ?? now : null,
        dashboard)
    {
        RunbookUrl = alerts.RunbookFor(alert.Name),
    };

    /// <summary>One notification for a whole group, named after its lead alert and listing every member.</summary>
    public static AlertNotification ForGroup(AlertGroup group, AlertsConfig alerts, Uri? dashboard, string summaryPrefix = "")
    {
        var state = group.Kind == AlertNotificationKind.Resolved ? NotificationState.Resolved : NotificationState.Firing;
        return ForAlert(group.Lead, state, group.Tier, group.Receiver, alerts, dashboard, group.Time, summaryPrefix) with
        {
            GroupKey = group.Key,
            Members = [.. group.Alerts.Select(a => new GroupMember(a.Id, a.Name, a.Destination,
                AlertNotification.NameOf(a.State == AlertState.Resolved ? NotificationState.Resolved : state),
                a.Since, summaryPrefix + a.Summary, alerts.RunbookFor(a.Name)))],
        };
    }
}
