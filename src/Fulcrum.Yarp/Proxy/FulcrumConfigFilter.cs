using Fulcrum.Core.Balancing;
using Yarp.ReverseProxy.Configuration;

namespace Fulcrum.Proxy;

/// <summary>
/// Puts Fulcrum's eligibility filter and active-health thresholds on every cluster balanced by a Fulcrum policy, so
/// an app's config only names the policy: weights, ejection and panic then decide which destinations YARP offers.
/// </summary>
internal sealed class FulcrumConfigFilter(BalancingPolicyRegistry policies) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        if (!YarpConfigReader.IsFulcrumPolicy(cluster.LoadBalancingPolicy, policies))
        {
            return ValueTask.FromResult(cluster);
        }
        var health = cluster.HealthCheck ?? new HealthCheckConfig();
        var active = health.Active is { Enabled: true } on ? on with { Policy = YarpNames.ActiveHealthPolicy } : health.Active;
        return ValueTask.FromResult(cluster with
        {
            HealthCheck = health with { AvailableDestinationsPolicy = YarpNames.AvailableDestinationsPolicy, Active = active },
        });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route);
}
