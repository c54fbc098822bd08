using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// A rule that judges the simulator's prediction of each cluster that shares traffic: two or more destinations
/// with a weight above 0, and not first-available (a fail-over list, not a split — FUL003's business).
/// </summary>
internal abstract class SimulatedClusterRule : AuditRule
{
    public sealed override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Policy == PolicyKind.FirstAvailable || IntendedShares.Weighted(cluster).Count < 2)
            {
                continue;
            }
            foreach (var finding in CheckCluster(context, cluster, context.Predict(cluster)))
            {
                yield return finding;
            }
        }
    }

    protected abstract IEnumerable<AuditFinding> CheckCluster(AuditContext context, ClusterConfig cluster, SharePrediction prediction);

    protected static string Picker(ClusterConfig cluster, SharePrediction prediction) =>
        $"running the {PolicyName(cluster)} picker over {prediction.Requests} uniform requests";
}
