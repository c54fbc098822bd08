using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Audit;

/// <summary>
/// What the config says each destination should get when all are healthy and warm:
/// <see cref="ExpectedShares.Of(IReadOnlyList{DestinationConfig})"/>, the one definition the live monitor uses too.
/// Weight 0 means 0; when every weight is 0 every share is 0 (no eligible destination, no intent to compare with).
/// </summary>
internal static class IntendedShares
{
    public static double Of(ClusterConfig cluster, DestinationConfig destination)
    {
        var index = IndexOf(cluster, destination);
        return index < 0 ? 0 : ExpectedShares.Of(cluster.Destinations)[index];
    }

    private static int IndexOf(ClusterConfig cluster, DestinationConfig destination)
    {
        for (var i = 0; i < cluster.Destinations.Count; i++)
        {
            if (ReferenceEquals(cluster.Destinations[i], destination))
            {
                return i;
            }
        }
        return -1;
    }

    public static long TotalWeight(ClusterConfig cluster) => cluster.Destinations.Sum(d => (long)d.Weight);

    /// <summary>Destinations that can receive traffic by config (weight above zero), in config order.</summary>
    public static IReadOnlyList<DestinationConfig> Weighted(ClusterConfig cluster) =>
        cluster.Destinations.Where(d => d.Weight > 0).ToList();
}
