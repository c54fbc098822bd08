namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL012: no request timeout, a request timeout over 5 minutes, or a connect timeout over 30 seconds.
/// A hung destination then holds requests (and its in-flight count) far too long.
/// </summary>
internal sealed class Ful012MissingOrHugeTimeouts : AuditRule
{
    public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxConnectTimeout = TimeSpan.FromSeconds(30);

    public override string Id => "FUL012";
    public override string Name => "MissingOrHugeTimeouts";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Request timeout missing or over 5 minutes, or connect timeout over 30 seconds";
    public override string Description =>
        "A destination that hangs instead of failing is the hardest to notice: without a request timeout (or with " +
        "one of many minutes) its requests wait, clients pile up, and load-aware policies see it as busy forever. " +
        "A connect timeout over 30 seconds does the same for a host that drops packets. Set timeouts.request " +
        "above your slowest legitimate response and well under 5 minutes, and timeouts.connect to a few seconds.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            var timeouts = cluster.Timeouts;
            if (timeouts.Request is null)
            {
                yield return Finding(
                    context,
                    SettingKeys.Cluster(cluster.Name, "timeouts.request"),
                    $"cluster '{cluster.Name}' has no request timeout (timeouts.request): a hung destination holds requests indefinitely",
                    cluster.Name);
            }
            else if (timeouts.Request > MaxRequestTimeout)
            {
                yield return Finding(
                    context,
                    SettingKeys.Cluster(cluster.Name, "timeouts.request"),
                    $"cluster '{cluster.Name}' waits {Duration(timeouts.Request.Value)} for a response (timeouts.request), " +
                    $"over {Duration(MaxRequestTimeout)}: a hung destination holds requests that long",
                    cluster.Name);
            }
            if (timeouts.Connect > MaxConnectTimeout)
            {
                yield return Finding(
                    context,
                    SettingKeys.Cluster(cluster.Name, "timeouts.connect"),
                    $"cluster '{cluster.Name}' waits {Duration(timeouts.Connect.Value)} to connect (timeouts.connect), " +
                    $"over {Duration(MaxConnectTimeout)}: an unreachable destination holds requests that long",
                    cluster.Name);
            }
        }
    }
}
