using Fulcrum.Core.Balancing;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Fulcrum.Proxy;

/// <summary>
/// The thin adapter between YARP and Fulcrum's pure pickers: YARP asks, the cluster's <see cref="ClusterBalancer"/>
/// picks among its eligible backends, and the pick maps back to YARP's destination state. YARP skips this call
/// when 0 or 1 destinations are available; the eligibility filter makes that single one the right one.
/// </summary>
internal sealed class FulcrumLoadBalancingPolicy : ILoadBalancingPolicy
{
    private readonly ClusterRegistry _registry;

    /// <param name="registry">Where each cluster's balancer is found.</param>
    /// <param name="name">A registered <see cref="BalancingPolicy"/> name; every Fulcrum policy, built-in or an app's, shares this adapter, the cluster's balancer holds the picker.</param>
    public FulcrumLoadBalancingPolicy(ClusterRegistry registry, string name)
    {
        _registry = registry;
        Name = name;
    }

    public string Name { get; }

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        if (!_registry.TryGet(cluster.ClusterId, out var runtime))
        {
            return availableDestinations.Count > 0 ? availableDestinations[0] : null;
        }
        var hasKey = false;
        ulong keyHash = 0;
        if (runtime.KeyReader is { } reader)
        {
            hasKey = reader.TryHash(context, out keyHash);
        }
        var picked = runtime.Balancer.Pick(new PickContext(runtime.Balancer.NowTicks(), keyHash, hasKey));
        return picked is null ? null : runtime.StateOf(picked) ?? availableDestinations[0];
    }
}
