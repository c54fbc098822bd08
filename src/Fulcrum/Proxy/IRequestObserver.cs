using Fulcrum.Core.Balancing;

namespace Fulcrum.Proxy;

/// <summary>Something that watches every proxied request's outcome (distribution monitor, metrics). Hot path: no allocation.</summary>
internal interface IRequestObserver
{
    void Record(ClusterRuntime cluster, Backend backend, int statusCode, bool transportFailure, TimeSpan latency);
}
