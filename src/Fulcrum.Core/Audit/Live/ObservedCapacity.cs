using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Audit.Live;

/// <summary>
/// Infers each destination's share of a cluster's capacity from what it was observed to do over the fairness window.
/// Method (Little's law, N = X·R): a destination that completed X requests per second while holding N requests in
/// flight on average serves X/N = 1/R requests per second per request it holds. At equal concurrency its capacity is
/// proportional to that rate, so its capacity share is (X/N) / Σ(X/N). When the in-flight average is not known for
/// every destination, 1/p50 latency stands in for X/N (the same quantity, measured the other way). A backend that
/// queues shows a longer R and so a smaller capacity; a concurrency limit that is never reached cannot be seen.
/// </summary>
public static class ObservedCapacity
{
    /// <summary>
    /// The capacity shares of the cluster's eligible destinations with a weight, in snapshot order, or null when some of
    /// them saw too few requests to judge (<paramref name="minRequests"/> in the cluster's window, and at least one each).
    /// </summary>
    public static IReadOnlyList<DestinationCapacity>? Of(ClusterSnapshot cluster, int minRequests)
    {
        var measured = cluster.Destinations.Where(d => d.Eligible && d.Weight > 0).ToList();
        if (measured.Count < 2 || cluster.WindowRequests < minRequests || measured.Any(d => d.Requests == 0))
        {
            return null;
        }
        var seconds = Math.Max(cluster.Window.TotalSeconds, 1e-9);
        var littles = measured.All(d => d.AverageInFlight is > 0);
        var rates = new double[measured.Count];
        for (var i = 0; i < measured.Count; i++)
        {
            var d = measured[i];
            if (littles)
            {
                rates[i] = d.Requests / seconds / d.AverageInFlight!.Value;
            }
            else if (d.P50Ms is > 0)
            {
                rates[i] = 1000.0 / d.P50Ms.Value;
            }
            else
            {
                return null;
            }
        }
        var totalRate = rates.Sum();
        var totalWeight = measured.Sum(d => (double)d.Weight);
        return measured
            .Select((d, i) => new DestinationCapacity(d.Name, d.Weight, d.Weight / totalWeight, rates[i] / totalRate,
                d.Requests / seconds, rates[i], littles))
            .ToArray();
    }
}

/// <summary>
/// One destination's inferred capacity: <see cref="WeightShare"/> and <see cref="CapacityShare"/> among the measured
/// destinations, its observed throughput (req/s) and its rate per request in flight (req/s, X/N or 1/p50).
/// </summary>
public sealed record DestinationCapacity(
    string Destination,
    int Weight,
    double WeightShare,
    double CapacityShare,
    double Throughput,
    double RatePerInFlight,
    bool FromInFlight)
{
    /// <summary>Weight share over capacity share: 3 means the weight asks three times what its capacity share is.</summary>
    public double Ratio => CapacityShare <= 0 ? double.PositiveInfinity : WeightShare / CapacityShare;
}
