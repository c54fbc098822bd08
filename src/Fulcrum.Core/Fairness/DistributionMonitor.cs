using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Fairness;

/// <summary>
/// Fulcrum's distribution monitor: for every tracked cluster it records what each destination got (requests,
/// outcomes, latency, in-flight) over a sliding <c>fairness.window</c> and judges it against what the config says
/// it should get (DESIGN.md, "Meaning of fairness"). Host wiring:
/// <list type="bullet">
/// <item><see cref="Track"/> each <see cref="ClusterBalancer"/> at start and on every reload (same name keeps the stats),
/// then <see cref="Retain"/> the clusters the new config still has;</item>
/// <item>per request <see cref="ClusterRecorder.Record"/> (or <see cref="Record"/> by cluster name);</item>
/// <item>every 250 ms <see cref="Sample"/>: the only call that moves state (in-flight and weight samples, since when a
/// skew lasts, the share history);</item>
/// <item><see cref="Snapshot()"/> for the admin API, dashboard, alert engine — read-only, call it as often as you like;
/// <see cref="Totals"/> for /metrics. A snapshot's <see cref="DestinationSnapshot.ExpectedShare"/>,
/// <see cref="ClusterSnapshot.JainIndex"/> and <see cref="ClusterSnapshot.Promise"/> come from the policy's
/// <see cref="IFairnessPromise"/>, so every view shows the same statement.</item>
/// </list>
/// </summary>
public sealed class DistributionMonitor
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private FairnessConfig _config;
    private WindowClock _clock;
    private ClusterRecorder[] _ordered = [];
    private Dictionary<string, ClusterRecorder> _byName = new(StringComparer.Ordinal);
    private BackendBoard _board = BackendBoard.Empty;

    public DistributionMonitor(FairnessConfig config, TimeProvider time)
    {
        _config = config;
        _time = time;
        _clock = new WindowClock(time, config.Window);
    }

    public FairnessConfig Config => Volatile.Read(ref _config);

    public TimeProvider Time => _time;

    /// <summary>The tracked clusters in the order they were first tracked.</summary>
    public IReadOnlyList<ClusterRecorder> Clusters => Volatile.Read(ref _ordered);

    /// <summary>
    /// Starts tracking <paramref name="balancer"/>'s cluster, or, when a cluster of that name is tracked already
    /// (a reload), moves its recorder to the new balancer: destinations that keep their name keep their window and totals.
    /// </summary>
    public ClusterRecorder Track(ClusterBalancer balancer)
    {
        lock (_gate)
        {
            if (_byName.TryGetValue(balancer.Name, out var existing))
            {
                existing.Rebind(balancer);
                return existing;
            }
            var recorder = new ClusterRecorder(balancer, Config, _clock, () => Volatile.Read(ref _board));
            var byName = new Dictionary<string, ClusterRecorder>(_byName, StringComparer.Ordinal) { [balancer.Name] = recorder };
            Volatile.Write(ref _ordered, [.. _ordered, recorder]);
            Volatile.Write(ref _byName, byName);
            return recorder;
        }
    }

    /// <summary>Stops tracking every cluster not named (after a reload removed clusters).</summary>
    public void Retain(IEnumerable<string> clusterNames)
    {
        var keep = clusterNames.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            var ordered = _ordered.Where(c => keep.Contains(c.Name)).ToArray();
            Volatile.Write(ref _ordered, ordered);
            Volatile.Write(ref _byName, ordered.ToDictionary(c => c.Name, StringComparer.Ordinal));
        }
    }

    public bool TryGet(string cluster, out ClusterRecorder recorder) =>
        Volatile.Read(ref _byName).TryGetValue(cluster, out recorder!);

    /// <summary>Hot path by cluster name (a dictionary lookup, no allocation); unknown clusters are ignored.</summary>
    public void Record(string cluster, Backend backend, int statusCode, bool transportFailure, TimeSpan latency)
    {
        if (Volatile.Read(ref _byName).TryGetValue(cluster, out var recorder))
        {
            recorder.Record(backend, statusCode, transportFailure, latency);
        }
    }

    /// <summary>
    /// Samples in-flight counts and effective weights of every cluster and tracks skews (call every ~250 ms), then
    /// refreshes the <see cref="BackendBoard"/> of how each backend fares across clusters for the next judgments.
    /// </summary>
    public void Sample()
    {
        var clusters = Clusters;
        foreach (var cluster in clusters)
        {
            cluster.Sample();
        }
        Volatile.Write(ref _board, clusters.Count > 1 ? BackendBoard.Of(clusters) : BackendBoard.Empty);
    }

    /// <summary>Every tracked cluster, judged now, in tracking order.</summary>
    public IReadOnlyList<ClusterSnapshot> Snapshot() => Clusters.Select(c => c.Snapshot()).ToArray();

    public ClusterSnapshot? Snapshot(string cluster) => TryGet(cluster, out var recorder) ? recorder.Snapshot() : null;

    /// <summary>Cumulative totals of every destination of every cluster, for Prometheus.</summary>
    public IReadOnlyList<DestinationTotals> Totals() => Clusters.SelectMany(c => c.Totals()).ToArray();

    /// <summary>Applies reloaded fairness settings. A different window length restarts the windows (totals are kept).</summary>
    public void Reconfigure(FairnessConfig config)
    {
        lock (_gate)
        {
            if (config.Window != _clock.Window)
            {
                _clock = new WindowClock(_time, config.Window);
            }
            Volatile.Write(ref _config, config);
            foreach (var cluster in _ordered)
            {
                cluster.Reconfigure(config, _clock);
            }
        }
    }
}
