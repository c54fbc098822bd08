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
    private readonly IProxyStateLookup _lookup;
    private readonly IClusterDestinationsUpdater _updater;

    public YarpStateSync(IProxyStateLookup lookup, IClusterDestinationsUpdater updater, ClusterRegistry registry)
    {
        _lookup = lookup;
        _updater = updater;
        registry.EligibilityChanged += runtime => Refresh(runtime.Name);
    }

    public void Refresh(string clusterId)
    {
        if (_lookup.TryGetCluster(clusterId, out var cluster))
        {
            _updater.UpdateAvailableDestinations(cluster);
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
