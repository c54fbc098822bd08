using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using ClusterConfig = Fulcrum.Core.Config.ClusterConfig;
using RouteConfig = Fulcrum.Core.Config.RouteConfig;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace Fulcrum.Proxy;

/// <summary>
/// Follows YARP's config: when YARP has loaded a config (before it builds its routes) Fulcrum's balancers are built
/// from it, so the policies find a balancer for every cluster; when YARP has applied it, YARP is asked to recompute
/// available destinations (a weight change is not a YARP change, so YARP would keep its cached set) and
/// <see cref="Applied"/> is raised; when YARP refuses it, the balancers go back to the config still serving.
/// Whatever the config source (an app's appsettings.json, the executable's YAML), this is the one path.
/// </summary>
internal sealed partial class FulcrumConfigListener : IConfigChangeListener
{
    private readonly IServiceProvider _services;
    private readonly ClusterRegistry _registry;
    private readonly BalancingPolicyRegistry _policies;
    private readonly IServingConfigObserver[] _observers;
    private readonly ILogger _logger;
    private readonly string _contentRoot;
    private IReadOnlyList<ClusterConfig> _serving = [];
    private IReadOnlyList<ClusterConfig> _loading = [];

    // YARP's config manager is itself the IProxyStateLookup and asks for every IConfigChangeListener when it is
    // built, so both are resolved lazily to keep the container free of a cycle.
    public FulcrumConfigListener(
        IServiceProvider services, ClusterRegistry registry, BalancingPolicyRegistry policies, IEnumerable<IServingConfigObserver> observers, ContentRoot root,
        ILogger<FulcrumConfigListener> logger)
    {
        _contentRoot = root.Path;
        _policies = policies;
        _services = services;
        _observers = observers.ToArray();
        _registry = registry;
        _logger = logger;
        _registry.EligibilityChanged += cluster => Refresh(cluster.Name);
    }

    /// <summary>Raised after YARP applied configs: the configs as YARP got them, and Fulcrum's reading of them.</summary>
    public event Action<IReadOnlyList<IProxyConfig>, FulcrumView>? Applied;

    /// <summary>Raised when YARP refused configs (its validation failed); the previous config keeps serving.</summary>
    public event Action<IReadOnlyList<IProxyConfig>, Exception>? Refused;

    /// <summary>Fulcrum's reading of what serves now.</summary>
    public FulcrumView? Current { get; private set; }

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
        var problems = new List<YarpConfigReader.Problem>();
        var clusters = YarpConfigReader.Clusters(proxyConfigs.SelectMany(c => c.Clusters), problems, _policies, _contentRoot);
        YarpConfigReader.CheckRoutes(proxyConfigs.SelectMany(c => c.Routes), problems);
        foreach (var problem in problems)
        {
            LogBadSetting(_logger, problem.Path, problem.Message);
        }
        _loading = clusters;
        _registry.Apply(clusters);
    }

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
        _serving = _loading;
        Current = new FulcrumView(YarpConfigReader.Routes(proxyConfigs.SelectMany(c => c.Routes)), _serving);
        foreach (var cluster in _serving)
        {
            Refresh(cluster.Name);
        }
        foreach (var observer in _observers)
        {
            observer.OnApplied(proxyConfigs, Current);
        }
        Applied?.Invoke(proxyConfigs, Current);
    }

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception)
    {
        _registry.Apply(_serving);
        LogRefused(_logger, exception.Message);
        foreach (var observer in _observers)
        {
            observer.OnRefused(proxyConfigs, exception);
        }
        Refused?.Invoke(proxyConfigs, exception);
    }

    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception) =>
        LogRefused(_logger, exception.Message);

    private void Refresh(string clusterId)
    {
        var lookup = (IProxyStateLookup)_services.GetService(typeof(IProxyStateLookup))!;
        if (lookup.TryGetCluster(clusterId, out var cluster))
        {
            ((IClusterDestinationsUpdater)_services.GetService(typeof(IClusterDestinationsUpdater))!).UpdateAvailableDestinations(cluster);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Path}: {Message}; the default is used")]
    private static partial void LogBadSetting(ILogger logger, string path, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "YARP refused the config; the previous one keeps serving: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}

/// <summary>Fulcrum's reading of a YARP config: its routes, and the clusters balanced by Fulcrum policies.</summary>
internal sealed record FulcrumView(IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters);
