namespace Fulcrum.Core.Fairness;

/// <summary>
/// One destination's window as the judge reads it, plus the latency histogram behind its quantiles
/// (<see cref="LatencyBuckets"/>) so windows from several instances can be added up and judged as one.
/// </summary>
public sealed record DestinationCounts(DestinationWindow Window, IReadOnlyList<long> Latency);
