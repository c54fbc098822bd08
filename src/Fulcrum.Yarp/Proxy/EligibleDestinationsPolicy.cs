using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;
using YarpCluster = Yarp.ReverseProxy.Configuration.ClusterConfig;

namespace Fulcrum.Proxy;

/// <summary>
/// Tells YARP which destinations may receive traffic: Fulcrum's eligible set (healthy, not ejected, weight above
/// zero), or all of them in panic mode. YARP caches the answer; Fulcrum asks it to recompute whenever a cluster's
/// eligibility changes, so session affinity and the 0/1-destination shortcut see the same set as the pickers.
/// </summary>
internal sealed class EligibleDestinationsPolicy : IAvailableDestinationsPolicy
{
    private readonly ClusterRegistry _registry;

    public EligibleDestinationsPolicy(ClusterRegistry registry)
    {
        _registry = registry;
    }

    public string Name => YarpNames.AvailableDestinationsPolicy;

    public IReadOnlyList<DestinationState> GetAvailalableDestinations(YarpCluster config, IReadOnlyList<DestinationState> allDestinations)
    {
        if (!_registry.TryGet(config.ClusterId, out var runtime))
        {
            return allDestinations;
        }
        runtime.BindStates(allDestinations);
        var eligible = runtime.Balancer.Eligible;
        var result = new List<DestinationState>(eligible.Count);
        foreach (var backend in eligible)
        {
            if (runtime.StateOf(backend) is { } state)
            {
                result.Add(state);
            }
        }
        return result;
    }
}
