namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL014: a destination with weight 0 next to destinations that take traffic — drained, and maybe forgotten.
/// It is health-checked and listed, yet gets nothing; its peers carry its share.
/// </summary>
internal sealed class Ful014DrainedDestination : AuditRule
{
    public override string Id => "FUL014";
    public override string Name => "DrainedDestinationLeftBehind";
    public override AuditSeverity Severity => AuditSeverity.Info;
    public override string Title => "Destination with weight 0 left in the cluster (drained and forgotten?)";
    public override string Description =>
        "Weight 0 drains a destination: it stays in the config and is health-checked but receives nothing, and its " +
        "peers carry its share. Right during a deploy or an incident; left behind, the cluster runs with less " +
        "capacity than the config suggests. Remove the destination, or give it its weight back.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (IntendedShares.Weighted(cluster).Count == 0)
            {
                continue; // every destination drained: FUL016's business when a route uses it
            }
            foreach (var drained in cluster.Destinations.Where(d => d.Weight == 0))
            {
                yield return Finding(
                    context,
                    SettingKeys.Destination(cluster.Name, drained.Name, "weight"),
                    $"destination '{drained.Name}' of cluster '{cluster.Name}' has weight 0 and receives no traffic: remove it " +
                    "once the drain is done, or give it its weight back",
                    cluster.Name,
                    drained.Name);
            }
        }
    }
}
