using System.Collections.Concurrent;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit;

/// <summary>
/// The share predictions of the last audit, one per cluster, kept with the settings they were simulated from. A
/// prediction is a function of its cluster's settings alone (destinations, weights, capacities, policy, hashing,
/// health, slow start: see <see cref="SimulatorShareSimulator"/> and <see cref="OfferedLoad"/>), so it is reused
/// exactly when those settings are equal, and simulated again otherwise. Equality errs one way only: settings that
/// compare unequal although they are the same cost a new simulation, never a stale answer.
/// </summary>
internal sealed class PredictionCache
{
    // A class, not a value tuple, as the value: ConcurrentDictionary over reference types shares code the process has
    // already compiled; over a tuple it is a new instantiation to compile at every start (bench/RESULTS.md, start7).
    private readonly ConcurrentDictionary<string, Entry> _byName = new(StringComparer.Ordinal);

    public int Reused => _reused;

    public int Simulated => _simulated;

    private int _reused;
    private int _simulated;

    public SharePrediction? Find(ClusterConfig cluster)
    {
        if (_byName.TryGetValue(cluster.Name, out var kept) && SameSettings(kept.Cluster, cluster))
        {
            Interlocked.Increment(ref _reused);
            return kept.Prediction;
        }
        return null;
    }

    public void Keep(ClusterConfig cluster, SharePrediction prediction)
    {
        Interlocked.Increment(ref _simulated);
        _byName[cluster.Name] = new Entry(cluster, prediction);
    }

    /// <summary>
    /// Keeps a prediction made by an earlier process for exactly these settings (a restart that reused its journaled
    /// audit): counted neither as simulated nor as reused.
    /// </summary>
    public void Prime(ClusterConfig cluster, SharePrediction prediction) => _byName[cluster.Name] = new Entry(cluster, prediction);

    /// <summary>The prediction kept for these settings, without counting a reuse (to journal it with the audit).</summary>
    public SharePrediction? Kept(ClusterConfig cluster) =>
        _byName.TryGetValue(cluster.Name, out var kept) && SameSettings(kept.Cluster, cluster) ? kept.Prediction : null;

    /// <summary>Drops the clusters a config no longer has, so the cache holds at most one config's worth.</summary>
    public void Retain(FulcrumConfig config)
    {
        var names = config.Clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in _byName.Keys.Where(n => !names.Contains(n)).ToList())
        {
            _byName.TryRemove(name, out _);
        }
    }

    private sealed record Entry(ClusterConfig Cluster, SharePrediction Prediction);

    /// <summary>
    /// Record equality with the destination list compared item by item (records compare lists by reference, and each
    /// reload parses new lists). Nested records compare by value; any list inside them compares by reference, which
    /// can only make two equal clusters look different.
    /// </summary>
    internal static bool SameSettings(ClusterConfig a, ClusterConfig b) =>
        ReferenceEquals(a, b)
        || (a.Destinations.SequenceEqual(b.Destinations) && a with { Destinations = b.Destinations } == b);
}
