using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Audit.Live;

/// <summary>
/// The actual request shares of every destination with enough traffic to judge (the cluster's window held at least
/// <c>fairness.min-requests</c>), as one audit saw them: what the next audit compares with.
/// </summary>
public sealed record ObservedShares(DateTimeOffset Time, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Clusters)
{
    public static ObservedShares From(DateTimeOffset time, IReadOnlyList<ClusterSnapshot> clusters, int minRequests) => new(
        time,
        clusters
            .Where(c => c.WindowRequests >= minRequests)
            .ToDictionary(
                c => c.Name,
                c => (IReadOnlyDictionary<string, double>)c.Destinations.ToDictionary(d => d.Name, d => d.ActualShare, StringComparer.Ordinal),
                StringComparer.Ordinal));

    public double? Find(string cluster, string destination) =>
        Clusters.TryGetValue(cluster, out var shares) && shares.TryGetValue(destination, out var share) ? share : null;
}
