using Fulcrum.Core.Config;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using YarpCluster = Yarp.ReverseProxy.Configuration.ClusterConfig;
using YarpRoute = Yarp.ReverseProxy.Configuration.RouteConfig;

namespace Fulcrum.Proxy;

/// <summary>Feeds YARP the routes and clusters of the applied Fulcrum config; each apply swaps them atomically.</summary>
internal sealed class FulcrumProxyConfigProvider : IProxyConfigProvider
{
    private volatile Snapshot _current = new([], []);

    public IProxyConfig GetConfig() => _current;

    public void Apply(FulcrumConfig config)
    {
        var previous = _current;
        _current = new Snapshot(YarpConfigMapper.Routes(config), YarpConfigMapper.Clusters(config));
        previous.SignalChange();
    }

    private sealed class Snapshot : IProxyConfig
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
}
