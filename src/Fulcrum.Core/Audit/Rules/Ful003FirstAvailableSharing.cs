using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL003: <c>first-available</c> on a cluster whose config states a split. first-available sends every request
/// to the first eligible destination; weights only matter for being zero. Written weights other than the
/// default, or capacities on the standby destinations, say the operator expected the load to be shared.
/// </summary>
internal sealed class Ful003FirstAvailableSharing : AuditRule
{
    public override string Id => "FUL003";
    public override string Name => "FirstAvailableOnSharedCluster";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "first-available on a cluster whose weights or capacities ask for a shared load";
    public override string Description =>
        "first-available sends 100 % of the traffic to the first eligible destination and the others stand by. " +
        "When the standbys carry written weights or declared capacities, or the weights differ, the config " +
        "reads as a split that will never happen. Pick round-robin (or another sharing " +
        "policy) to share; for a fail-over pair leave weights out and keep first-available.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Policy != PolicyKind.FirstAvailable)
            {
                continue;
            }
            var weighted = IntendedShares.Weighted(cluster);
            if (weighted.Count < 2)
            {
                continue;
            }
            var reason = ShareIntent(context, cluster, weighted);
            if (reason is null)
            {
                continue;
            }
            yield return Finding(
                context,
                SettingKeys.Cluster(cluster.Name, "policy"),
                $"cluster '{cluster.Name}' uses first-available, so '{weighted[0].Name}' gets 100 % of the traffic and " +
                $"{weighted.Count - 1} other destination(s) none, yet {reason}",
                cluster.Name,
                weighted[0].Name);
        }
    }

    private static string? ShareIntent(AuditContext context, ClusterConfig cluster, IReadOnlyList<DestinationConfig> weighted)
    {
        if (weighted.Select(d => d.Weight).Distinct().Count() > 1)
        {
            return $"the weights ({string.Join(", ", weighted.Select(d => $"{d.Name}={d.Weight}"))}) ask for a split";
        }
        var standbysWithCapacity = weighted.Skip(1).Where(d => d.Capacity is not null).Select(d => d.Name).ToList();
        if (standbysWithCapacity.Count > 0)
        {
            return $"capacities are declared for {string.Join(", ", standbysWithCapacity)}, which only stand by";
        }
        // Equal weights written out on the standbys read as "share evenly"; a fail-over list leaves them out.
        var standbysWithWeight = weighted.Skip(1)
            .Where(d => context.IsWritten(SettingKeys.Destination(cluster.Name, d.Name, "weight")))
            .Select(d => d.Name)
            .ToList();
        return standbysWithWeight.Count > 0 || weighted.Any(d => d.Weight != 1)
            ? $"weights are written for {string.Join(", ", standbysWithWeight.DefaultIfEmpty("every destination"))}, which asks for an even split"
            : null;
    }
}
