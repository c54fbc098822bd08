namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL010: passive ejection that may eject every destination — <c>max-ejected-percent: 100</c>, or a cluster
/// with a single destination that can take traffic. A burst of failures (often caused downstream, not by the
/// backends) then empties the cluster, and it falls into panic mode.
/// </summary>
internal sealed class Ful010EjectionCanEmptyCluster : AuditRule
{
    public override string Id => "FUL010";
    public override string Name => "EjectionCanEmptyCluster";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Passive ejection can eject every destination of the cluster";
    public override string Description =>
        "Outlier ejection protects the healthy majority from a sick few. When it may eject 100 % of the " +
        "destinations, or the cluster has only one destination to eject, a shared cause (a bad deploy, a " +
        "failing dependency behind all backends) ejects them all: the cluster has no eligible destination and " +
        "falls into panic mode. Keep max-ejected-percent at 50 or below (Envoy's default is 10), and give " +
        "ejection a cluster with peers.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Health.Passive is not { } passive)
            {
                continue;
            }
            var weighted = IntendedShares.Weighted(cluster);
            if (weighted.Count == 1)
            {
                yield return Finding(
                    context,
                    SettingKeys.Cluster(cluster.Name, "health.passive"),
                    $"cluster '{cluster.Name}' has one destination that takes traffic ('{weighted[0].Name}') and passive " +
                    "ejection: ejecting it leaves the cluster with nothing",
                    cluster.Name,
                    weighted[0].Name);
            }
            else if (passive.MaxEjectedPercent >= 100)
            {
                yield return Finding(
                    context,
                    SettingKeys.Cluster(cluster.Name, "health.passive.max-ejected-percent"),
                    $"cluster '{cluster.Name}' allows passive ejection of {passive.MaxEjectedPercent} % of its destinations: " +
                    "one shared failure ejects them all (keep it at 50 or below)",
                    cluster.Name);
            }
        }
    }
}
