namespace Fulcrum.Core.Simulation;

/// <summary>
/// What one destination got in a simulation. <see cref="ExpectedShare"/> is what its weights asked for
/// (each arrival counts w/Σw of the config in force when it arrived); <see cref="Share"/> what it got.
/// <see cref="Errors"/> are 500s and refused connections; <see cref="Rejections"/> the 503s of a full queue.
/// Latency counts from arrival to response (queueing included). <see cref="Capacity"/> is the declared
/// capacity or else what its behavior sustains (null: unlimited); <see cref="OfferedRate"/> is requests per
/// second while it was in the cluster.
/// </summary>
public sealed record DestinationResult(
    string Name,
    int Weight,
    double? Capacity,
    double ExpectedShare,
    double Share,
    long Requests,
    long Errors,
    long Rejections,
    TimeSpan MeanLatency,
    TimeSpan P50,
    TimeSpan P99,
    TimeSpan P999,
    double AverageInFlight,
    int MaxInFlight,
    double OfferedRate)
{
    /// <summary>Requests cut off by <c>timeouts.request</c> (504s, also counted in <see cref="Errors"/>).</summary>
    public long TimedOut { get; init; }

    /// <summary>Offered rate over capacity (above 1: more than it can take); null without a capacity.</summary>
    public double? Utilization => Capacity is { } capacity and > 0 ? OfferedRate / capacity : null;
}
