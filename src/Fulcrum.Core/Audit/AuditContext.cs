using System.Collections.Concurrent;
using Fulcrum.Core.Audit.Live;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit;

/// <summary>
/// What a rule sees: the config, where its settings are written, and the share simulator. Predictions are
/// computed once per cluster and shared by every rule and the <c>--against</c> comparison.
/// </summary>
public sealed class AuditContext
{
    private readonly ConcurrentDictionary<string, SharePrediction> _predictions = new(StringComparer.Ordinal);

    public AuditContext(FulcrumConfig config, IShareSimulator simulator)
        : this(config, simulator, null)
    {
    }

    /// <param name="reused">Predictions of an earlier audit, taken for every cluster whose settings did not change.</param>
    internal AuditContext(FulcrumConfig config, IShareSimulator simulator, PredictionCache? reused)
    {
        Config = config;
        Simulator = simulator;
        _reused = reused;
    }

    private readonly PredictionCache? _reused;

    public FulcrumConfig Config { get; }

    public IShareSimulator Simulator { get; }

    /// <summary>What the monitor observed, for a live audit of the serving config; null in a static audit.</summary>
    public LiveObservation? Observation { get; init; }

    /// <summary>The relative deviation from an intended share that counts as skew (<c>fairness.tolerance</c>).</summary>
    public double Tolerance => Config.Fairness.Tolerance;

    /// <summary>The file position of a setting, or of the nearest enclosing block that is written (see <see cref="SourceMap.Find"/>).</summary>
    public SourceLocation Locate(string key) => Config.Source.Find(key);

    /// <summary>True when the setting is written in the file (not defaulted).</summary>
    public bool IsWritten(string key) => Config.Source.Locations.ContainsKey(key);

    /// <summary>Routes that send traffic to <paramref name="cluster"/>, with their index in the file.</summary>
    public IEnumerable<(int Index, RouteConfig Route)> RoutesTo(string cluster) =>
        RoutesByCluster.TryGetValue(cluster, out var routes) ? routes : [];

    /// <summary>The cluster named <paramref name="name"/>, or null; a lookup, not a scan (rules ask it once per route).</summary>
    public ClusterConfig? FindCluster(string name) => ClustersByName.GetValueOrDefault(name);

    // Built on first use and shared by every rule: rules that join routes and clusters stay linear in the file's size.
    private Dictionary<string, List<(int Index, RouteConfig Route)>> RoutesByCluster => _routesByCluster ??= IndexRoutes(Config);

    private Dictionary<string, ClusterConfig> ClustersByName => _clustersByName ??= IndexClusters(Config);

    private Dictionary<string, List<(int Index, RouteConfig Route)>>? _routesByCluster;
    private Dictionary<string, ClusterConfig>? _clustersByName;

    private static Dictionary<string, List<(int Index, RouteConfig Route)>> IndexRoutes(FulcrumConfig config)
    {
        var index = new Dictionary<string, List<(int, RouteConfig)>>(StringComparer.Ordinal);
        for (var i = 0; i < config.Routes.Count; i++)
        {
            var route = config.Routes[i];
            if (!index.TryGetValue(route.Cluster, out var list))
            {
                index[route.Cluster] = list = [];
            }
            list.Add((i, route));
        }
        return index;
    }

    private static Dictionary<string, ClusterConfig> IndexClusters(FulcrumConfig config)
    {
        var index = new Dictionary<string, ClusterConfig>(StringComparer.Ordinal);
        foreach (var cluster in config.Clusters)
        {
            index.TryAdd(cluster.Name, cluster); // the first of a duplicated name, as FulcrumConfig.FindCluster finds it
        }
        return index;
    }

    /// <summary>
    /// The simulator's prediction for a cluster under uniform traffic, with per-destination rates at
    /// <see cref="OfferedLoad.For"/> when all its destinations declare a capacity.
    /// </summary>
    public SharePrediction Predict(ClusterConfig cluster) =>
        _predictions.GetOrAdd(cluster.Name, static (_, state) => state.Context.Simulate(state.cluster), (Context: this, cluster));

    private SharePrediction Simulate(ClusterConfig cluster)
    {
        if (_reused?.Find(cluster) is { } earlier)
        {
            return earlier;
        }
        var prediction = Simulator.Predict(cluster, OfferedLoad.For(cluster));
        _reused?.Keep(cluster, prediction);
        return prediction;
    }

    /// <summary>
    /// Runs the simulations of every cluster with more than one destination up front, in parallel: they are
    /// independent and deterministic, and they are most of an audit's time. A simulation that fails is left for
    /// the rule that needs it, which reports the failure as its finding instead of failing the whole audit.
    /// </summary>
    public void PredictAll()
    {
        try
        {
            Parallel.ForEach(Config.Clusters.Where(c => c.Destinations.Count > 1), cluster => Predict(cluster));
        }
        catch (AggregateException)
        {
            // Deliberately ignored here: Predict throws again, inside a rule's guarded check.
        }
    }
}
