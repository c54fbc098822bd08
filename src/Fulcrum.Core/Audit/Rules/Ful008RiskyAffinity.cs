using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL008: session affinity that never expires, or that rejects a client whose destination is gone.
/// Without a TTL the split freezes to whatever early sessions chose (and a recovered or added destination
/// never gets its share back); with <c>failure: reject</c> a dead destination turns into errors for its clients.
/// </summary>
internal sealed class Ful008RiskyAffinity : AuditRule
{
    public override string Id => "FUL008";
    public override string Name => "AffinityWithoutTtlOrRejecting";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Session affinity without a TTL, or that rejects requests when its destination fails";
    public override string Description =>
        "Sticky sessions override the picker. Without affinity.ttl a client stays on its destination forever: the " +
        "split drifts to whatever the early sessions chose, and a destination added or recovered later never " +
        "gets its share back. With affinity.failure: reject, every client pinned to a destination that goes down " +
        "gets errors instead of being moved. Set a TTL (minutes to hours) and failure: redistribute.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Affinity is not { } affinity)
            {
                continue;
            }
            if (affinity.Ttl is null)
            {
                yield return Finding(
                    context,
                    SettingKeys.Cluster(cluster.Name, "affinity"),
                    $"cluster '{cluster.Name}' pins clients with affinity that never expires " +
                    (affinity.Mode == AffinityMode.Header ? "(header affinity has no expiry; use mode: cookie with a ttl)" : "(no affinity.ttl)") +
                    ": shares freeze to what early sessions chose and new or recovered destinations never get their share back",
                    cluster.Name);
            }
            if (affinity.Failure == AffinityFailure.Reject)
            {
                yield return Finding(
                    context,
                    SettingKeys.Cluster(cluster.Name, "affinity.failure"),
                    $"cluster '{cluster.Name}' rejects requests whose affinity destination is down (affinity.failure: reject): " +
                    "its clients get errors instead of another destination (use failure: redistribute)",
                    cluster.Name);
            }
        }
    }
}
