namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL009: a cluster with neither active nor passive health checking. A dead destination keeps its full share,
/// and every request sent to it fails.
/// </summary>
internal sealed class Ful009NoHealthCheck : AuditRule
{
    public override string Id => "FUL009";
    public override string Name => "NoHealthCheck";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Cluster without any health check";
    public override string Description =>
        "Without health.active (probes) or health.passive (ejection on consecutive failures), a destination that " +
        "dies keeps receiving its full share and every one of those requests fails, until someone edits the " +
        "config. Add at least passive checks; active probes also bring a destination back when it recovers.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Health.Active is not null || cluster.Health.Passive is not null)
            {
                continue;
            }
            yield return Finding(
                context,
                SettingKeys.Cluster(cluster.Name, "health"),
                $"cluster '{cluster.Name}' has no health check (neither health.active nor health.passive): a dead destination " +
                "keeps its share and its requests fail",
                cluster.Name);
        }
    }
}
