using System.Collections.Frozen;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Proxy;

/// <summary>
/// The live set of cluster runtimes, swapped atomically on every applied config. Backends keep their identity
/// across reloads (same cluster and destination name) so in-flight counts and statistics carry over.
/// </summary>
internal sealed class ClusterRegistry
{
    private readonly TimeProvider _time;
    private FrozenDictionary<string, ClusterRuntime> _clusters = FrozenDictionary<string, ClusterRuntime>.Empty;

    public ClusterRegistry(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Raised after a config's clusters replaced the previous ones.</summary>
    public event Action<IReadOnlyCollection<ClusterRuntime>>? Replaced;

    /// <summary>Raised when a cluster's eligible set changes (health, ejection), off the hot path.</summary>
    public event Action<ClusterRuntime>? EligibilityChanged;

    public IReadOnlyCollection<ClusterRuntime> All => Volatile.Read(ref _clusters).Values;

    public bool TryGet(string clusterId, out ClusterRuntime runtime) =>
        Volatile.Read(ref _clusters).TryGetValue(clusterId, out runtime!);

    /// <summary>The clusters last applied (Fulcrum's view of the serving config).</summary>
    public IReadOnlyList<ClusterConfig> Configs { get; private set; } = [];

    public void Apply(IReadOnlyList<ClusterConfig> clusters)
    {
        var previous = Volatile.Read(ref _clusters);
        var next = new Dictionary<string, ClusterRuntime>(StringComparer.Ordinal);
        foreach (var cluster in clusters)
        {
            IReadOnlyList<Backend>? reuse = previous.TryGetValue(cluster.Name, out var old) ? old.Balancer.Backends : null;
            var balancer = new ClusterBalancer(cluster, _time, Random.Shared, reuse);
            var runtime = new ClusterRuntime(balancer);
            balancer.EligibilityChanged += _ => EligibilityChanged?.Invoke(runtime);
            next[cluster.Name] = runtime;
        }
        var frozen = next.ToFrozenDictionary(StringComparer.Ordinal);
        Volatile.Write(ref _clusters, frozen);
        Configs = clusters;
        Replaced?.Invoke(frozen.Values);
    }
}
