using Fulcrum.Core.Config;

namespace Fulcrum.Core.Balancing;

/// <summary>
/// One cluster's balancing state: its backends in config order, which of them are eligible
/// (healthy, not ejected, weight above zero), the picker over the eligible ones, and panic mode
/// (no eligible destination: spread over all, as Envoy does). Shared by the proxy and the simulator.
/// </summary>
public sealed class ClusterBalancer
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private Backend[] _backends;
    private Backend[] _eligible = [];

    public ClusterBalancer(ClusterConfig config, TimeProvider time, Random? random = null, IReadOnlyList<Backend>? previous = null)
    {
        Config = config;
        _time = time;
        Picker = PickerFactory.Create(config, random ?? Random.Shared);
        _backends = BuildBackends(config, previous);
        RecomputeEligible(MonotonicTicks.Now(time));
    }

    public string Name => Config.Name;

    public ClusterConfig Config { get; }

    public IPicker Picker { get; }

    public TimeProvider Time => _time;

    /// <summary>All backends in config order.</summary>
    public IReadOnlyList<Backend> Backends => _backends;

    /// <summary>The backends the picker currently chooses from (all of them in panic mode).</summary>
    public IReadOnlyList<Backend> Eligible => Volatile.Read(ref _eligible);

    /// <summary>True when no destination is eligible and traffic is spread over all of them.</summary>
    public bool Panic { get; private set; }

    /// <summary>Raised (off the hot path) after the eligible set changed.</summary>
    public event Action<ClusterBalancer>? EligibilityChanged;

    public long NowTicks() => MonotonicTicks.Now(_time);

    /// <summary>Picks a destination for one request; null only when the cluster has no destinations at all.</summary>
    public Backend? Pick(in PickContext context) => _backends.Length == 0 ? null : Picker.Pick(context);

    public Backend? Find(string destinationName)
    {
        foreach (var backend in _backends)
        {
            if (backend.Name == destinationName)
            {
                return backend;
            }
        }
        return null;
    }

    /// <summary>Applies an active health check verdict.</summary>
    public void SetActiveHealth(Backend backend, bool healthy)
    {
        lock (_gate)
        {
            if (backend.ActiveHealthy == healthy)
            {
                return;
            }
            backend.ActiveHealthy = healthy;
            RecomputeEligible(NowTicks());
        }
        EligibilityChanged?.Invoke(this);
    }

    /// <summary>Called by the driver when a response (or transport failure) completes.</summary>
    public void RecordOutcome(Backend backend, long nowTicks, TimeSpan latency, bool failure)
    {
        _ = backend;
        _ = nowTicks;
        _ = latency;
        _ = failure;
    }

    private static Backend[] BuildBackends(ClusterConfig config, IReadOnlyList<Backend>? previous)
    {
        var result = new Backend[config.Destinations.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var destination = config.Destinations[i];
            var reused = previous?.FirstOrDefault(b => b.Name == destination.Name);
            if (reused is not null)
            {
                reused.Index = i;
                reused.Weight = destination.Weight;
                reused.Capacity = destination.Capacity;
                reused.Address = destination.Address;
                result[i] = reused;
            }
            else
            {
                result[i] = new Backend(destination.Name, i, destination.Weight, destination.Capacity, destination.Address);
            }
        }
        return result;
    }

    private void RecomputeEligible(long nowTicks)
    {
        _ = nowTicks;
        var eligible = _backends.Where(b => b.IsEligible).ToArray();
        Panic = eligible.Length == 0 && _backends.Length > 0;
        if (Panic)
        {
            eligible = _backends;
        }
        if (eligible.Length > 0)
        {
            Picker.Update(eligible);
        }
        Volatile.Write(ref _eligible, eligible);
    }
}
