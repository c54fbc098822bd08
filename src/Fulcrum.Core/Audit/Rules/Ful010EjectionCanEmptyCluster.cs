using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL010: passive ejection that may eject every destination that takes traffic — <c>max-ejected-percent: 100</c>,
/// or a cap (floor(destinations × percent / 100), the balancer's own arithmetic) as large as the number of
/// destinations with a weight above 0, e.g. one live destination next to a drained one. A burst of failures
/// (often caused downstream, not by the backends) then empties the cluster, and it falls into panic mode.
/// </summary>
internal sealed class Ful010EjectionCanEmptyCluster : AuditRule
{
    public override string Id => "FUL010";
    public override string Name => "EjectionCanEmptyCluster";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Passive ejection can eject every destination that takes traffic";
    public override string Description =>
        "Outlier ejection protects the healthy majority from a sick few. When max-ejected-percent lets it eject as " +
        "many destinations as take traffic — 100 %, or a cluster whose only live destination sits next to drained " +
        "ones — a shared cause (a bad deploy, a failing dependency behind all backends) ejects them all: the " +
        "cluster has no eligible destination and falls into panic mode. Keep max-ejected-percent at 50 or below " +
        "(Envoy's default is 10) and give ejection a cluster with live peers.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Health.Passive is not { } passive)
            {
                continue;
            }
            var live = IntendedShares.Weighted(cluster);
            var ejectable = EjectionRules.MaxEjected(passive, cluster.Destinations.Count);
            if (live.Count == 0 || ejectable < live.Count)
            {
                continue;
            }
            var what = live.Count == 1
                ? $"its only destination that takes traffic ('{live[0].Name}')"
                : $"all {live.Count} destinations that take traffic";
            yield return Finding(
                context,
                SettingKeys.Cluster(cluster.Name, "health.passive.max-ejected-percent"),
                $"cluster '{cluster.Name}' lets passive ejection remove {ejectable} of its {cluster.Destinations.Count} destination(s) " +
                $"(max-ejected-percent {passive.MaxEjectedPercent}), so one shared failure can eject {what} and leave it in panic mode",
                cluster.Name,
                live.Count == 1 ? live[0].Name : null);
        }
    }
}
