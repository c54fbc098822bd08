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
}
