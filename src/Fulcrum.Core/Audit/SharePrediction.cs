namespace Fulcrum.Core.Audit;

/// <summary>The predicted split of one cluster's traffic; destinations in config order.</summary>
/// <param name="Requests">How many requests were simulated (the statistical weight of the shares).</param>
/// <param name="OfferedRate">The offered rate the per-destination rates assume, if one was given.</param>
public sealed record SharePrediction(
    string Cluster,
    int Requests,
    double? OfferedRate,
    IReadOnlyList<PredictedDestination> Destinations)
{
    public PredictedDestination? Find(string destination) =>
        Destinations.FirstOrDefault(d => string.Equals(d.Name, destination, StringComparison.Ordinal));

    /// <summary>
    /// <see cref="Find(string)"/> that first looks where config order puts the destination (the prediction lists
    /// destinations in config order): rules walking a cluster's destinations stay linear, not quadratic, at 1,000.
    /// </summary>
    internal PredictedDestination? Find(string destination, int configIndex) =>
        configIndex >= 0 && configIndex < Destinations.Count && string.Equals(Destinations[configIndex].Name, destination, StringComparison.Ordinal)
            ? Destinations[configIndex]
            : Find(destination);
}

/// <summary>
/// One destination's predicted share of requests (0..1), its rate in req/s when an offered rate was given, and,
/// when the simulator measures them, the time-averaged number of requests it holds in flight, its errors and its
/// latencies (mean, p50, p99) — what the fairness judge needs to judge the prediction as it judges live traffic.
/// </summary>
public sealed record PredictedDestination(
    string Name,
    double Share,
    double? Rate,
    double? AverageInFlight = null,
    long Errors = 0,
    TimeSpan? MeanLatency = null,
    TimeSpan? P50 = null,
    TimeSpan? P99 = null);
