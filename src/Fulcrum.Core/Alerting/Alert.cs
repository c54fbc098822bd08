namespace Fulcrum.Core.Alerting;

/// <summary>
/// An immutable view of one alert for the admin API, dashboard, journal and receivers. <see cref="Id"/> is stable
/// for the alert's life and URL-safe. <see cref="Since"/> is when its condition began; <see cref="FiredAt"/>,
/// <see cref="AcknowledgedAt"/> and <see cref="ResolvedAt"/> when it reached those states.
/// <see cref="NotifiedTiers"/> are the escalation tiers (indexes into <c>alerts.escalation</c>) told so far.
/// </summary>
public sealed record Alert(
    string Id,
    string Name,
    string Cluster,
    string? Destination,
    AlertState State,
    DateTimeOffset Since,
    string Summary,
    AlertCause? Cause,
    DateTimeOffset? FiredAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<int> NotifiedTiers)
{
    /// <summary>Firing or acknowledged: what <c>fulcrum_alerts_firing</c> counts.</summary>
    /// <summary>The last measured value in the alert's unit (fraction, milliseconds, relative deviation); null when it has none.</summary>
    public double? Value { get; init; }

    /// <summary>The limit <see cref="Value"/> is compared with; null when the alert has none.</summary>
    public double? Threshold { get; init; }

    public bool IsFiring => State is AlertState.Firing or AlertState.Acknowledged;
}
