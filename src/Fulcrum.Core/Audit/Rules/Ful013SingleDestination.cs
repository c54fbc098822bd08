namespace Fulcrum.Core.Audit.Rules;

/// <summary>FUL013: a cluster with one destination — nothing to balance, nothing to fail over to.</summary>
internal sealed class Ful013SingleDestination : AuditRule
{
    public override string Id => "FUL013";
    public override string Name => "SingleDestination";
    public override AuditSeverity Severity => AuditSeverity.Info;
    public override string Title => "Cluster with a single destination: no redundancy";
    public override string Description =>
        "A cluster with one destination has no peer to take over when it fails or is restarted, and nothing for " +
        "the balancer to balance. Fine for a dev setup or a singleton by design; otherwise add a second destination.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Destinations.Count != 1)
            {
                continue;
            }
            var only = cluster.Destinations[0];
            yield return Finding(
                context,
                SettingKeys.Destinations(cluster.Name),
                $"cluster '{cluster.Name}' has a single destination ('{only.Name}'): when it fails, the cluster is down",
                cluster.Name,
                only.Name);
        }
    }
}
