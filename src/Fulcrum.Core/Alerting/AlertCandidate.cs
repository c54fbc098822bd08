namespace Fulcrum.Core.Alerting;

/// <summary>
/// What the engine asks the host's cause finder about: an alert about to be raised (or raised without a cause
/// yet). <see cref="Since"/> is when its condition began; a cause is a change at or before it.
/// </summary>
public sealed record AlertCandidate(string Name, string Cluster, string? Destination, DateTimeOffset Since, string Summary);
