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
}

/// <summary>
/// One destination's predicted share of requests (0..1), its rate in req/s when an offered rate was given, and
/// the time-averaged number of requests it holds in flight when the simulator measures it.
/// </summary>
public sealed record PredictedDestination(string Name, double Share, double? Rate, double? AverageInFlight = null);
