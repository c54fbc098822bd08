using Fulcrum.Core.Balancing;
using Fulcrum.Proxy;

namespace Fulcrum.Operations;

/// <summary>Feeds every proxied request into its cluster's distribution recorder (lock-free, no allocation).</summary>
internal sealed class MonitorObserver : IRequestObserver
{
    public void Record(ClusterRuntime cluster, Backend backend, int statusCode, bool transportFailure, TimeSpan latency) =>
        cluster.Recorder?.Record(backend, statusCode, transportFailure, latency);
}
