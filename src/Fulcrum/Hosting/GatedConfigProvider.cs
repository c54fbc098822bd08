using Fulcrum.Core.Config;
using Fulcrum.Proxy;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using YarpCluster = Yarp.ReverseProxy.Configuration.ClusterConfig;
using YarpRoute = Yarp.ReverseProxy.Configuration.RouteConfig;

namespace Fulcrum.Hosting;

/// <summary>
/// Feeds YARP the configs the gate lets through, mapped onto YARP's model with Fulcrum's settings in metadata; each
/// carries its origin (the YAML, why it changed, what the audit said) for the journal. Each publish swaps atomically.
/// </summary>
internal sealed class GatedConfigProvider : IProxyConfigProvider
{
    private volatile Snapshot _current = new([], []);

    public IProxyConfig GetConfig() => _current;

    /// <summary>Publishes a config; YARP picks it up through the change token of the one it holds.</summary>
    public IProxyConfig Publish(FulcrumConfig config, string text, ConfigTrigger trigger, ApplyResult result)
    {
        var previous = _current;
        var next = new OriginSnapshot(YarpConfigMapper.Routes(config), YarpConfigMapper.Clusters(config), config, text, trigger, result);
        _current = next;
        previous.SignalChange();
        return next;
    }

    private class Snapshot : IProxyConfig
    {
        private readonly CancellationTokenSource _changed = new();

        public Snapshot(IReadOnlyList<YarpRoute> routes, IReadOnlyList<YarpCluster> clusters)
        {
            Routes = routes;
            Clusters = clusters;
            ChangeToken = new CancellationChangeToken(_changed.Token);
        }

        public IReadOnlyList<YarpRoute> Routes { get; }
        public IReadOnlyList<YarpCluster> Clusters { get; }
        public IChangeToken ChangeToken { get; }

        public void SignalChange() => _changed.Cancel();
    }

    private sealed class OriginSnapshot(
        IReadOnlyList<YarpRoute> routes, IReadOnlyList<YarpCluster> clusters, FulcrumConfig config, string text, ConfigTrigger trigger, ApplyResult result)
        : Snapshot(routes, clusters), IConfigOrigin
    {
        public FulcrumConfig Config { get; } = config;
        public string Text { get; } = text;
        public ConfigTrigger Trigger { get; } = trigger;
        public ApplyResult Result { get; } = result;
    }
}
