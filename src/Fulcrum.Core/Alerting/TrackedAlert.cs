using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Alerting;

/// <summary>The engine's mutable record of one alert (guarded by the engine's lock); <see cref="ToAlert"/> freezes it.</summary>
internal sealed class TrackedAlert(string id, AlertCondition condition, DateTimeOffset since, AlertCause? cause)
{
    public string Id { get; } = id;
    public string Key { get; } = condition.Key;
    public string Name { get; } = condition.Name;
    public string Cluster { get; } = condition.Cluster;
    public string? Destination { get; } = condition.Destination;
    public DateTimeOffset Since { get; } = since;
    public AlertState State { get; set; } = AlertState.Pending;
    public string Summary { get; set; } = condition.Summary;
    public AlertCause? Cause { get; set; } = cause;
    public double? Value { get; set; } = condition.Value;
    public double? Threshold { get; set; } = condition.Threshold;
    public DateTimeOffset? FiredAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    /// <summary>When the condition was last seen clear while firing; null while it holds.</summary>
    public DateTimeOffset? ClearSince { get; set; }
    /// <summary>Escalation tiers told so far, with the receivers they had then (a reload may change the tiers).</summary>
    public SortedDictionary<int, IReadOnlyList<string>> NotifiedTiers { get; } = [];

    public AlertCandidate ToCandidate() => new(Name, Cluster, Destination, Since, Summary);

    public Alert ToAlert(DateTimeOffset now)
    {
        var summary = ResolvedAt is { } resolved
            ? $"{Summary}, resolved after {FairnessText.Duration(resolved - Since)}"
            : $"{Summary}, for {FairnessText.Duration(now > Since ? now - Since : TimeSpan.Zero)}";
        return new Alert(Id, Name, Cluster, Destination, State, Since, summary, Cause, FiredAt, AcknowledgedAt,
            AcknowledgedBy, ResolvedAt, NotifiedTiers.Keys.ToArray())
        {
            Value = Value,
            Threshold = Threshold,
        };
    }
}
