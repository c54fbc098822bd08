using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace Fulcrum.Proxy;

/// <summary>
/// Asks YARP to recompute a cluster's available destinations whenever Fulcrum's eligibility changes, and after
/// every applied config (a weight change is not a YARP config change, so YARP would otherwise keep its cached set).
/// </summary>
internal sealed class YarpStateSync : IConfigChangeListener
{
    private readonly IServiceProvider _services;

    // YARP's config manager is itself the IProxyStateLookup and asks for every IConfigChangeListener when it is
    // built, so both are resolved lazily to keep the container free of a cycle.
    public YarpStateSync(IServiceProvider services, ClusterRegistry registry)
    {
        _services = services;
        registry.EligibilityChanged += runtime => Refresh(runtime.Name);
    }

    public void Refresh(string clusterId)
    {
        var lookup = (IProxyStateLookup)_services.GetService(typeof(IProxyStateLookup))!;
        if (lookup.TryGetCluster(clusterId, out var cluster))
        {
            ((IClusterDestinationsUpdater)_services.GetService(typeof(IClusterDestinationsUpdater))!).UpdateAvailableDestinations(cluster);
        }
    }

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
        foreach (var config in proxyConfigs)
        {
            foreach (var cluster in config.Clusters)
            {
                Refresh(cluster.ClusterId);
            }
        }
    }

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception)
    {
    }

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
    }

    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception)
    {
    }
}
