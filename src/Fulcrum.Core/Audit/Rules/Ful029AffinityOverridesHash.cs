using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL029: session affinity on a hash policy (consistent-hash, maglev). YARP's affinity step runs before the load
/// balancer (<c>UseSessionAffinity</c> then <c>UseLoadBalancing</c>): a request that carries a valid affinity key has
/// its candidates narrowed to that one destination, so the hash key is read only for a session's first request.
/// Affinity wins; <c>hash.key</c> (and the balance factor's spill-over) is what is ignored from then on, and where
/// the two disagree (a destination added, a bounded-load spill) the session stays where its cookie says.
/// </summary>
internal sealed class Ful029AffinityOverridesHash : AuditRule
{
    public override string Id => "FUL029";
    public override string Name => "AffinityOverridesHash";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Session affinity on a hash policy: the affinity decides, the hash key places only each session's first request";
    public override string Description =>
        "Affinity runs before the balancer: a request with a valid affinity cookie or header goes to its pinned " +
        "destination and the hash policy is not asked. hash.key then places only each session's first request; when " +
        "the destinations change, or the balance factor would move a key off a loaded destination, pinned sessions " +
        "stay where they are. The hash key already keeps each key on one destination: remove affinity, or pick a " +
        "non-hash policy if sessions rather than keys must stick.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Affinity is null || cluster.Hash is not { } hash || cluster.CustomPolicy is not null || !Policies.IsHashing(cluster.Policy))
            {
                continue;
            }
            yield return Finding(
                context,
                SettingKeys.Cluster(cluster.Name, "hash.key"),
                $"cluster '{cluster.Name}' has session affinity and policy {PolicyName(cluster)}: affinity runs first, so once a " +
                $"client holds an affinity key its destination comes from it and hash.key ({hash.Key}) is not read; the hash " +
                "places only each session's first request. Remove 'affinity' (the hash already keeps a key on one destination), " +
                "or use a non-hash policy if sessions must stick",
                cluster.Name);
        }
    }
}
