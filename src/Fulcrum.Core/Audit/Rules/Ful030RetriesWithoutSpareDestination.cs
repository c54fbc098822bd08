using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL030: more retry attempts than the cluster has destinations to retry on. A retry always goes to a destination
/// the request has not tried yet (<see cref="Retries.RetryPick"/>), so a cluster with one destination that can take
/// traffic never retries, and one with n retries at most n − 1 times: the attempts above that are accepted and
/// never used, and the operator believes failed tries are retried when they are not.
/// </summary>
internal sealed class Ful030RetriesWithoutSpareDestination : AuditRule
{
    public override string Id => "FUL030";
    public override string Name => "RetriesWithoutSpareDestination";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "More retry attempts than destinations left to retry on";
    public override string Description =>
        "A retry goes to a destination the request has not tried yet, never to the same one again. A cluster with " +
        "one destination that can take traffic (weight above 0) therefore never retries, and one with n such " +
        "destinations retries at most n - 1 times: the attempts above that are never used. Add destinations, or " +
        "lower retries.attempts (remove retries on a one-destination cluster).";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Retries is not { Attempts: > 0 } retries)
            {
                continue;
            }
            var serving = cluster.Destinations.Count(d => d.Weight > 0);
            if (retries.Attempts <= serving - 1)
            {
                continue;
            }
            var usable = Math.Max(0, serving - 1);
            yield return Finding(
                context,
                SettingKeys.Cluster(cluster.Name, "retries.attempts"),
                usable == 0
                    ? $"cluster '{cluster.Name}' retries up to {retries.Attempts} time(s) but has {serving} destination(s) that can take traffic: a retry goes to a destination not tried yet, so no try is ever retried; add destinations or remove retries"
                    : $"cluster '{cluster.Name}' retries up to {retries.Attempts} times but has {serving} destinations that can take traffic: a retry goes to a destination not tried yet, so at most {usable} retr{(usable == 1 ? "y" : "ies")} can happen; lower retries.attempts to {usable} or add destinations",
                cluster.Name);
        }
    }
}
