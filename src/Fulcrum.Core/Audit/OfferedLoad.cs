using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit;

/// <summary>
/// The traffic the audit's load check assumes: 70 % of the cluster's total declared capacity. At that rate a
/// cluster whose weights match its capacities runs every destination at 70 %; a destination predicted past
/// 100 % is asked for far more than its share of the capacity. Only defined when every destination that can
/// receive traffic (weight above zero) declares a capacity — otherwise the total is unknown.
/// </summary>
public static class OfferedLoad
{
    public const double FractionOfCapacity = 0.7;

    public static double? For(ClusterConfig cluster)
    {
        var weighted = IntendedShares.Weighted(cluster);
        if (weighted.Count == 0 || weighted.Any(d => d.Capacity is null))
        {
            return null;
        }
        return FractionOfCapacity * weighted.Sum(d => d.Capacity!.Value);
    }
}
