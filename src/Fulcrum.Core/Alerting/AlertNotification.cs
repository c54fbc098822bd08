namespace Fulcrum.Core.Alerting;

public enum AlertNotificationKind
{
    /// <summary>The alert started firing (tiers with <c>after: 0s</c>).</summary>
    Firing,
    /// <summary>Still firing and unacknowledged when a later tier's <c>after</c> elapsed.</summary>
    Escalated,
    /// <summary>Resolved: sent to every tier that was told about it.</summary>
    Resolved,
}

/// <summary>
/// One message for the receivers of one escalation tier. The host sends it to each of <see cref="Receivers"/>
/// (names from <c>alerts.receivers</c>) and journals it; the engine does no I/O.
/// </summary>
public sealed record AlertNotification(
    AlertNotificationKind Kind,
    Alert Alert,
    int Tier,
    IReadOnlyList<string> Receivers,
    DateTimeOffset Time);
