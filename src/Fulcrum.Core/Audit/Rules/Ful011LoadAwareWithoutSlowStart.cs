using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL011: a load-aware policy (least-requests, power-of-two, peak-ewma) without slow start. A destination that
/// joins (new, recovered, un-ejected) has 0 requests in flight and looks like the least loaded one, so it gets
/// every request until it catches up — while its caches and JIT are cold.
/// </summary>
internal sealed class Ful011LoadAwareWithoutSlowStart : AuditRule
{
    public override string Id => "FUL011";
    public override string Name => "LoadAwareWithoutSlowStart";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Load-aware policy without slow-start: a fresh destination gets flooded";
    public override string Description =>
        "least-requests, power-of-two and peak-ewma send traffic to the destination with the fewest requests in " +
        "flight (or the lowest latency). A destination that just joined, recovered or came back from ejection " +
        "has none, so it receives a burst of requests while it is coldest — the flood Netflix's edge saw. " +
        "slow-start ramps its weight up over a period (30s is a good start).";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (!Policies.IsLoadAware(cluster.Policy) || cluster.SlowStart is { } ramp && ramp > TimeSpan.Zero)
            {
                continue;
            }
            if (IntendedShares.Weighted(cluster).Count < 2)
            {
                continue;
            }
            yield return Finding(
                context,
                SettingKeys.Cluster(cluster.Name, "policy"),
                $"cluster '{cluster.Name}' uses {PolicyName(cluster)} without slow-start: a destination that joins or " +
                "recovers has nothing in flight and is flooded while cold (try slow-start: 30s)",
                cluster.Name);
        }
    }
}
