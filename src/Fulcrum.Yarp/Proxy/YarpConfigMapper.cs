using System.Globalization;
using Fulcrum.Core.Config;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using FulcrumCluster = Fulcrum.Core.Config.ClusterConfig;
using FulcrumRoute = Fulcrum.Core.Config.RouteConfig;
using YarpCluster = Yarp.ReverseProxy.Configuration.ClusterConfig;
using YarpDestination = Yarp.ReverseProxy.Configuration.DestinationConfig;
using FulcrumDestination = Fulcrum.Core.Config.DestinationConfig;
using YarpRoute = Yarp.ReverseProxy.Configuration.RouteConfig;

namespace Fulcrum.Proxy;

/// <summary>
/// Turns the clusters and routes of a <c>fulcrum.yaml</c> into YARP routes and clusters, with Fulcrum's settings in
/// YARP metadata (<see cref="FulcrumMetadata"/>), exactly as an embedding app would write them. The executable then
/// runs on the same path as any YARP app: <see cref="YarpConfigReader"/> reads them back.
/// </summary>
internal static class YarpConfigMapper
{
    public static IReadOnlyList<YarpRoute> Routes(FulcrumConfig config) =>
        config.Routes.Select((route, index) => Route(route, index) with
        {
            Transforms = ForwardedTransforms.For(config.Forwarded),
            Metadata = config.Forwarded.Path == ForwardedPath.Normalized
                ? new Dictionary<string, string> { [FulcrumMetadata.Path] = Paths.RawTargetTransformProvider.Normalized }
                : null,
        }).ToArray();

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
        LoadBalancingPolicy = cluster.CustomPolicy?.Name ?? FulcrumMetadata.PolicyName(cluster.Policy),
        Destinations = cluster.Destinations.ToDictionary(
            d => d.Name,
            // tls.sni as YARP's destination Host: .NET takes the server name (and the name it verifies) from the Host header.
            d => new YarpDestination { Address = d.Address.ToString(), Host = d.Sni ?? cluster.Tls?.Sni, Metadata = DestinationMetadata(d) },
            StringComparer.Ordinal),
        HealthCheck = cluster.Health.Active is { } active
            ? new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = active.Interval,
                    Timeout = active.Timeout,
                    Path = active.Path,
                },
            }
            : null,
        SessionAffinity = cluster.Affinity is { } affinity ? Affinity(cluster.Name, affinity) : null,
        HttpRequest = RequestConfig(cluster),
        Metadata = ClusterMetadata(cluster),
        // insecure: YARP's own switch, so an embedding app reads the same setting the same way.
        HttpClient = cluster.Tls is { Insecure: true } ? new HttpClientConfig { DangerousAcceptAnyServerCertificate = true } : null,
    };

    /// <summary>
    /// timeouts.request and http-request on YARP's own per-cluster request config, which an embedding app writes as
    /// <c>HttpRequest: { ActivityTimeout, Version, VersionPolicy }</c>; null keeps YARP's defaults.
    /// </summary>
    private static ForwarderRequestConfig? RequestConfig(FulcrumCluster cluster) =>
        cluster.Timeouts.Request is null && cluster.HttpRequest is null
            ? null
            : new ForwarderRequestConfig
            {
                ActivityTimeout = cluster.Timeouts.Request,
                Version = cluster.HttpRequest?.Version,
                VersionPolicy = cluster.HttpRequest?.VersionPolicy,
            };

    /// <summary>Fulcrum's cluster settings as YARP metadata, read back by <see cref="YarpConfigReader"/>.</summary>
    private static Dictionary<string, string>? ClusterMetadata(FulcrumCluster cluster)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (cluster.SlowStart is { } slowStart)
        {
            metadata[FulcrumMetadata.SlowStart] = Duration.Format(slowStart);
        }
        if (cluster.Timeouts.Connect is { } connect)
        {
            metadata[FulcrumMetadata.ConnectTimeout] = Duration.Format(connect);
        }
        RetryMetadata.Write(cluster.Retries, metadata);
        BackendTlsMetadata.Add(cluster.Tls, metadata);
        if (cluster.Hash is { } hash)
        {
            metadata[FulcrumMetadata.HashKey] = hash.Key.ToString();
            if (hash.BalanceFactor is { } factor)
            {
                metadata[FulcrumMetadata.HashBalanceFactor] = factor.ToString("R", CultureInfo.InvariantCulture);
            }
        }
        // Without these the live picker ran peak-ewma's defaults whatever fulcrum.yaml said, while `fulcrum simulate`
        // and the audit used the settings (bench/RESULTS.md, branch hetero4).
        if (cluster.PeakEwma.Choices != PeakEwmaConfig.DefaultChoices)
        {
            metadata[FulcrumMetadata.PeakEwmaChoices] = cluster.PeakEwma.Choices.ToString(CultureInfo.InvariantCulture);
        }
        if (cluster.PeakEwma.Parallelism != PeakEwmaConfig.DefaultParallelism)
        {
            metadata[FulcrumMetadata.PeakEwmaParallelism] = cluster.PeakEwma.Parallelism.ToString(CultureInfo.InvariantCulture);
        }
        if (cluster.PeakEwma.Cost != PeakEwmaCost.Load)
        {
            metadata[FulcrumMetadata.PeakEwmaCost] = PeakEwmaConfig.CostName(cluster.PeakEwma.Cost);
        }
        if (cluster.Health.Passive is { } passive)
        {
            metadata[FulcrumMetadata.PassiveConsecutiveFailures] = passive.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture);
            metadata[FulcrumMetadata.PassiveEjection] = Duration.Format(passive.Ejection);
            metadata[FulcrumMetadata.PassiveMaxEjectedPercent] = passive.MaxEjectedPercent.ToString(CultureInfo.InvariantCulture);
        }
        if (cluster.Health.Active is { } active)
        {
            metadata[FulcrumMetadata.ActiveUnhealthyAfter] = active.UnhealthyAfter.ToString(CultureInfo.InvariantCulture);
            metadata[FulcrumMetadata.ActiveHealthyAfter] = active.HealthyAfter.ToString(CultureInfo.InvariantCulture);
        }
        return metadata.Count > 0 ? metadata : null;
    }

    private static Dictionary<string, string> DestinationMetadata(FulcrumDestination destination)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FulcrumMetadata.Weight] = destination.Weight.ToString(CultureInfo.InvariantCulture),
        };
        if (destination.Capacity is { } capacity)
        {
            metadata[FulcrumMetadata.Capacity] = capacity.ToString("R", CultureInfo.InvariantCulture);
        }
        return metadata;
    }

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
