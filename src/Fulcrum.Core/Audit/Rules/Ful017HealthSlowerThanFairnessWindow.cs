namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL017: active health checks that need longer than the fairness window to declare a destination down
/// (interval × unhealthy-after). For whole windows a dead destination keeps its share of traffic.
/// </summary>
internal sealed class Ful017HealthSlowerThanFairnessWindow : AuditRule
{
    public override string Id => "FUL017";
    public override string Name => "HealthCheckSlowerThanFairnessWindow";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Active health checks take longer than the fairness window to notice a dead destination";
    public override string Description =>
        "An active check declares a destination down after unhealthy-after failed probes, one per interval. When " +
        "that takes longer than fairness.window, a dead destination keeps its share for more than a whole window: " +
        "its requests fail, and the distribution the fairness monitor judges is the broken one. Shorten " +
        "health.active.interval (or unhealthy-after) so detection fits well inside the window, or add passive checks.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        var window = context.Config.Fairness.Window;
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Health.Active is not { } active)
            {
                continue;
            }
            var detection = active.Interval * Math.Max(1, active.UnhealthyAfter);
            if (detection <= window)
            {
                continue;
            }
            yield return Finding(
                context,
                SettingKeys.Cluster(cluster.Name, "health.active.interval"),
                $"cluster '{cluster.Name}' notices a dead destination only after {Math.Max(1, active.UnhealthyAfter)} × " +
                $"{Duration(active.Interval)} = {Duration(detection)}, longer than the fairness window ({Duration(window)})",
                cluster.Name);
        }
    }
}
