namespace Fulcrum.Core.Alerting;

/// <summary>
/// One notification for a group of alerts: one cluster, one escalation tier, one receiver. <see cref="Alerts"/>
/// holds every alert of the group (the first to fire first); <see cref="Kind"/> is Resolved only when all of them
/// have resolved.
/// </summary>
public sealed record AlertGroup(
    AlertNotificationKind Kind,
    string Cluster,
    int Tier,
    string Receiver,
    IReadOnlyList<Alert> Alerts,
    DateTimeOffset Time)
{
    /// <summary>The alert the group is named after: the one that fired first.</summary>
    public Alert Lead => Alerts[0];

    /// <summary>Stable for the group's life: "web/0/oncall".</summary>
    public string Key => $"{Cluster}/{Tier}/{Receiver}";
}
