namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL016: a route whose cluster has no destination that can take traffic — none at all, or every one at
/// weight 0. Requests fail, or (panic mode) go to destinations the operator drained on purpose.
/// </summary>
internal sealed class Ful016RouteWithoutEligibleDestination : AuditRule
{
    public override string Id => "FUL016";
    public override string Name => "RouteToClusterWithoutEligibleDestination";
    public override AuditSeverity Severity => AuditSeverity.Error;
    public override string Title => "Route sends traffic to a cluster where no destination has a weight above 0";
    public override string Description =>
        "A route that leads to a cluster without destinations fails every request. A route that leads to a " +
        "cluster where every destination has weight 0 leaves no destination eligible, so the balancer falls " +
        "into panic mode and spreads the traffic over the destinations that were drained on purpose. Give at " +
        "least one destination a weight, or remove the route.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        var routes = context.Config.Routes;
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            var cluster = context.FindCluster(route.Cluster);
            if (cluster is null || IntendedShares.Weighted(cluster).Count > 0)
            {
                continue; // an unknown cluster is a config error, reported by the loader
            }
            var what = cluster.Destinations.Count == 0
                ? "has no destinations: every request fails"
                : $"has only destinations with weight 0 ({string.Join(", ", cluster.Destinations.Select(d => d.Name))}): " +
                  "none is eligible, and panic mode spreads the traffic over the drained ones";
            yield return Finding(
                context,
                SettingKeys.Route(i, "cluster"),
                $"route '{route.Name}' sends traffic to cluster '{cluster.Name}', which {what}",
                cluster.Name);
        }
    }
}
