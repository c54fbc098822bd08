namespace Fulcrum.Core.Alerting;

/// <summary>
/// The most recent journaled change that could explain an alert, e.g.
/// (12:01:07, "config-applied", "weight of a changed 1 → 4 in cluster web"). Found by the host's cause finder.
/// </summary>
public sealed record AlertCause(DateTimeOffset Time, string Kind, string Description);
