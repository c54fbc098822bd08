using System.Globalization;
using Fulcrum.Core.Config;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using FulcrumCluster = Fulcrum.Core.Config.ClusterConfig;
using FulcrumRoute = Fulcrum.Core.Config.RouteConfig;
using YarpCluster = Yarp.ReverseProxy.Configuration.ClusterConfig;
using YarpDestination = Yarp.ReverseProxy.Configuration.DestinationConfig;
using YarpRoute = Yarp.ReverseProxy.Configuration.RouteConfig;

namespace Fulcrum.Proxy;

/// <summary>
/// Turns a Fulcrum config into YARP routes and clusters. Every cluster uses Fulcrum's own load balancing policy
/// and eligibility filter (YARP has no weights, slow start or 5xx-aware ejection); active health checks run on
/// YARP's prober with Fulcrum's threshold policy; passive ejection is Fulcrum's, fed by the recording step.
/// </summary>
internal static class YarpConfigMapper
{
    public static IReadOnlyList<YarpRoute> Routes(FulcrumConfig config) =>
        config.Routes.Select((route, index) => Route(route, index)).ToArray();

    public static IReadOnlyList<YarpCluster> Clusters(FulcrumConfig config) =>
        config.Clusters.Select(Cluster).ToArray();

    private static YarpRoute Route(FulcrumRoute route, int index) => new()
    {
        RouteId = route.Name,
        ClusterId = route.Cluster,
        // Config order decides between overlapping routes, as a reader of the file expects.
        Order = index,
        Match = new Yarp.ReverseProxy.Configuration.RouteMatch
        {
            Path = route.Match.Path,
            Hosts = route.Match.Hosts.Count > 0 ? route.Match.Hosts.ToArray() : null,
        },
    };

    private static YarpCluster Cluster(FulcrumCluster cluster) => new()
    {
        ClusterId = cluster.Name,
        LoadBalancingPolicy = YarpNames.LoadBalancingPolicy,
        Destinations = cluster.Destinations.ToDictionary(
            d => d.Name,
            d => new YarpDestination { Address = d.Address.ToString() },
            StringComparer.Ordinal),
        HealthCheck = new HealthCheckConfig
        {
            AvailableDestinationsPolicy = YarpNames.AvailableDestinationsPolicy,
            Active = cluster.Health.Active is { } active
                ? new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = active.Interval,
                    Timeout = active.Timeout,
                    Policy = YarpNames.ActiveHealthPolicy,
                    Path = active.Path,
                }
                : null,
        },
        SessionAffinity = cluster.Affinity is { } affinity ? Affinity(cluster.Name, affinity) : null,
        HttpRequest = cluster.Timeouts.Request is { } request
            ? new ForwarderRequestConfig { ActivityTimeout = request }
            : null,
        Metadata = cluster.Timeouts.Connect is { } connect
            ? new Dictionary<string, string>
            {
                [YarpNames.ConnectTimeoutMetadata] = connect.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
            }
            : null,
    };

    private static SessionAffinityConfig Affinity(string clusterName, AffinityConfig affinity) => new()
    {
        Enabled = true,
        Policy = affinity.Mode == AffinityMode.Cookie ? "Cookie" : "CustomHeader",
        FailurePolicy = affinity.Failure == AffinityFailure.Reject ? "Return503Error" : "Redistribute",
        AffinityKeyName = affinity.Mode == AffinityMode.Cookie ? $".Fulcrum.Affinity.{clusterName}" : "X-Fulcrum-Affinity",
        Cookie = affinity.Mode == AffinityMode.Cookie
            ? new SessionAffinityCookieConfig { Expiration = affinity.Ttl, HttpOnly = true }
            : null,
    };
}
