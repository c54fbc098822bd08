using System.Collections.Frozen;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Yarp.ReverseProxy.Model;

namespace Fulcrum.Proxy;

/// <summary>
/// The proxy-side view of one cluster: its <see cref="ClusterBalancer"/> (shared with the simulator), a name
/// lookup from YARP destination ids to backends, and the YARP destination states by backend index so a picked
/// backend maps back to what YARP forwards to without searching.
/// </summary>
internal sealed class ClusterRuntime
{
    private DestinationState?[] _statesByIndex;

    public ClusterRuntime(ClusterBalancer balancer)
    {
        Balancer = balancer;
        BackendsById = balancer.Backends.ToFrozenDictionary(b => b.Name, StringComparer.Ordinal);
        _statesByIndex = new DestinationState?[balancer.Backends.Count];
        Retries = balancer.Config.Retries is { } retries ? new RetryState(retries, balancer.Time) : null;
        KeyReader = balancer.Config.Hash is { } hash && (Policies.IsHashing(balancer.Config.Policy) || balancer.Config.CustomPolicy is not null)
            ? new HashKeyReader(hash.Key)
            : null;
    }

    public ClusterBalancer Balancer { get; }

    /// <summary>The distribution monitor's recorder for this cluster; null when monitoring is off.</summary>
    public Core.Fairness.ClusterRecorder? Recorder { get; set; }


    public string Name => Balancer.Name;

    public FrozenDictionary<string, Backend> BackendsById { get; }

    /// <summary>Null when the cluster does not retry.</summary>
    public RetryState? Retries { get; }

    /// <summary>Null when the policy does not hash.</summary>
    public HashKeyReader? KeyReader { get; }

    /// <summary>Remembers YARP's destination states (called when YARP recomputes available destinations).</summary>
    public void BindStates(IReadOnlyList<DestinationState> all)
    {
        var states = new DestinationState?[Balancer.Backends.Count];
        foreach (var state in all)
        {
            if (BackendsById.TryGetValue(state.DestinationId, out var backend) && backend.Index < states.Length)
            {
                states[backend.Index] = state;
            }
        }
        Volatile.Write(ref _statesByIndex, states);
    }

    public DestinationState? StateOf(Backend backend)
    {
        var states = Volatile.Read(ref _statesByIndex);
        return backend.Index < states.Length ? states[backend.Index] : null;
    }
}
