using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL006: a hashing policy without <c>balance-factor</c>. Plain consistent hashing sends every request of a
/// key to one destination no matter how loaded it is; one hot key (a big tenant, a crawler) pins its whole
/// load on one backend. Bounded loads (Mirrokni et al.) cap each destination at factor × average.
/// </summary>
internal sealed class Ful006HashWithoutBalanceFactor : AuditRule
{
    public override string Id => "FUL006";
    public override string Name => "HashWithoutBalanceFactor";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Hash policy without a balance-factor: one hot key can overload one destination";
    public override string Description =>
        "consistent-hash and maglev send every request with the same key to the same destination, however busy " +
        "it is. Real keys are never uniform: one large tenant or one crawler makes its destination a hot spot. " +
        "hash.balance-factor bounds each destination's load to that factor times the average (consistent " +
        "hashing with bounded loads) and spills the excess to the next destination; 1.25 to 2 is usual.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (!Policies.IsHashing(cluster.Policy) || cluster.Hash?.BalanceFactor is not null || IntendedShares.Weighted(cluster).Count < 2)
            {
                continue;
            }
            var key = cluster.Hash is null ? SettingKeys.Cluster(cluster.Name, "policy") : SettingKeys.Cluster(cluster.Name, "hash");
            yield return Finding(
                context,
                key,
                $"cluster '{cluster.Name}' hashes with {PolicyName(cluster)} but sets no hash.balance-factor: a hot key " +
                "can pile its whole load on one destination (try balance-factor: 1.25)",
                cluster.Name);
        }
    }
}
