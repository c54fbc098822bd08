using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit;

/// <summary>
/// Audits a stream of configs (each reload), re-simulating only the clusters whose settings changed since the last
/// audit. Every rule still runs over the whole new config: rules are linear and cheap, the simulations are most of
/// an audit's time, and a rule that reads several clusters or routes (FUL015, FUL016, …) can therefore never miss a
/// finding because only one cluster changed. The report equals <see cref="AuditEngine.Audit"/>'s for the same config.
/// Audits are serialized: a reload storm runs one simulation set at a time instead of competing for the cores.
/// </summary>
public sealed class IncrementalAudit
{
    private readonly AuditEngine _engine;
    private readonly PredictionCache _cache = new();
    private readonly Lock _gate = new();

    public IncrementalAudit(AuditEngine? engine = null)
    {
        _engine = engine ?? AuditEngine.Default;
    }

    /// <summary>Clusters whose prediction came from an earlier audit, over this instance's life.</summary>
    public int ReusedClusters => _cache.Reused;

    /// <summary>Clusters that were simulated, over this instance's life.</summary>
    public int SimulatedClusters => _cache.Simulated;

    public AuditReport Audit(FulcrumConfig config)
    {
        lock (_gate)
        {
            var report = _engine.Audit(config, null, _cache);
            _cache.Retain(config);
            return report;
        }
    }

    /// <summary>
    /// The predictions the last audit of <paramref name="config"/> made or reused, one per simulated cluster, to keep
    /// with its findings: a later process that reuses those findings can <see cref="Prime"/> with them.
    /// </summary>
    public IReadOnlyList<SharePrediction> Predictions(FulcrumConfig config)
    {
        lock (_gate)
        {
            var predictions = new List<SharePrediction>(config.Clusters.Count);
            foreach (var cluster in config.Clusters)
            {
                if (_cache.Kept(cluster) is { } prediction)
                {
                    predictions.Add(prediction);
                }
            }
            return predictions;
        }
    }

    /// <summary>
    /// Starts from the predictions an earlier audit of this very config made (<paramref name="config"/> must be the
    /// text they were simulated from: a restart that reused its journaled audit), so the next audit re-simulates only
    /// the clusters changed since. A prediction for a cluster the config does not have is ignored.
    /// </summary>
    public void Prime(FulcrumConfig config, IEnumerable<SharePrediction> predictions)
    {
        lock (_gate)
        {
            var clusters = config.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
            foreach (var prediction in predictions)
            {
                if (clusters.TryGetValue(prediction.Cluster, out var cluster))
                {
                    _cache.Prime(cluster, prediction);
                }
            }
            _cache.Retain(config);
        }
    }
}
