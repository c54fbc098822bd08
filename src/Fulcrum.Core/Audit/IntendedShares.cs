using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit;

/// <summary>
/// What the config says each destination should get when all are healthy and warm: its weight over the sum of
/// the weights (DESIGN.md "expected share" with every ramp at 1). Weight 0 means 0.
/// </summary>
internal static class IntendedShares
{
    /// <summary>Null when no destination has a weight above zero (there is no intent to compare with).</summary>
    public static double? Of(ClusterConfig cluster, DestinationConfig destination)
    {
        var total = TotalWeight(cluster);
        return total == 0 ? null : (double)destination.Weight / total;
    }

    public static long TotalWeight(ClusterConfig cluster) => cluster.Destinations.Sum(d => (long)d.Weight);

    /// <summary>Destinations that can receive traffic by config (weight above zero), in config order.</summary>
    public static IReadOnlyList<DestinationConfig> Weighted(ClusterConfig cluster) =>
        cluster.Destinations.Where(d => d.Weight > 0).ToList();
}
