using Fulcrum.Core.Config;
namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL024: retries that can amplify an outage or outlive the request: no per-try timeout, a budget over half the
/// traffic, or tries that together cannot fit in the request timeout. Envoy and Linkerd bound retries the same way
/// (per-try timeout, retry budget), because an unbounded retry policy turns a slow backend into a retry storm.
/// </summary>
internal sealed class Ful024UnboundedRetries : AuditRule
{
    /// <summary>Above this budget, retries may add more than half again the load on a failing cluster.</summary>
    private const double MaxSafeBudget = 0.5;

    public override string Id => "FUL024";
    public override string Name => "UnboundedRetries";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Retries without a per-try timeout, with a budget over 50 %, or longer than the request timeout";
    public override string Description =>
        "Retries are only safe when they are bounded: each try needs its own timeout (otherwise one hung try holds " +
        "the request until timeouts.request and no retry ever starts), the budget must keep retries a small share " +
        "of the traffic (over 50 % a failing cluster gets up to half again its load when it can least take it), " +
        "and every try must fit in the request timeout (each try's idle timeout is the per-try one, in place of " +
        "timeouts.request, so nothing bounds the tries together: a retried request can outlast the request timeout).";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Retries is not { Attempts: > 0 } retries)
            {
                continue;
            }
            foreach (var finding in CheckCluster(context, cluster, retries))
            {
                yield return finding;
            }
        }
    }

    // Apart from Check: a config without retries (the usual start) never compiles the checks and their messages.
    private IEnumerable<AuditFinding> CheckCluster(AuditContext context, ClusterConfig cluster, RetryConfig retries)
    {
        if (retries.PerTryTimeout is null)
        {
            yield return Finding(
                context,
                SettingKeys.Cluster(cluster.Name, "retries"),
                $"cluster '{cluster.Name}' retries without a per-try timeout: a hung try holds the request until the request timeout and no retry starts; set retries.per-try-timeout",
                cluster.Name);
        }
        if (retries.Budget > MaxSafeBudget)
        {
            yield return Finding(
                context,
                SettingKeys.Cluster(cluster.Name, "retries.budget"),
                $"cluster '{cluster.Name}' lets retries be {Format.Percent(retries.Budget)} of its traffic: a failing cluster would get that much extra load; keep the budget at 50 % or less (20 % is the default)",
                cluster.Name);
        }
        if (retries.PerTryTimeout is { } perTry && cluster.Timeouts.Request is { } request
            && perTry * (retries.Attempts + 1) > request)
        {
            yield return Finding(
                context,
                SettingKeys.Cluster(cluster.Name, "retries.per-try-timeout"),
                $"cluster '{cluster.Name}' allows {retries.Attempts + 1} tries of {Format.Duration(perTry)} each, longer than its request timeout of {Format.Duration(request)}: each try's idle timeout is the per-try one, in place of timeouts.request, so a retried request can outlast the request timeout; shorten retries.per-try-timeout or lower retries.attempts",
                cluster.Name);
        }
    }
}
