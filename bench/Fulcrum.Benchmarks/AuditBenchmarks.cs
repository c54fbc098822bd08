using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Fulcrum.Core.Tests.Audit;

namespace Fulcrum.Benchmarks;

/// <summary>
/// The config audit over the unit tests' workload (whose file this project links): 50 clusters of 3–6 destinations,
/// every policy, simulation rules included; and the 10,000-route scale case (50 clusters × 200 routes), cold and as a
/// reload that changed one cluster (<see cref="IncrementalAudit"/>). Goal: a 10,000-route audit under 2 s.
/// </summary>
[MemoryDiagnoser]
public class AuditBenchmarks
{
    private FulcrumConfig _config = null!;
    private FulcrumConfig _tenThousandRoutes = null!;
    private FulcrumConfig _tenThousandRoutesOneChanged = null!;
    private IncrementalAudit _incremental = null!;
    private bool _flip;

    [GlobalSetup]
    public void Setup()
    {
        _config = ConfigLoader.Parse(AuditWorkload.Yaml(), "big.yaml");
        var yaml = AuditWorkload.Yaml(clusters: 50, routesPerCluster: 200);
        _tenThousandRoutes = ConfigLoader.Parse(yaml, "scale.yaml");
        _tenThousandRoutesOneChanged = ConfigLoader.Parse(
            yaml.Replace("d0: { address: http://10.7.0.1:8080, weight: 1", "d0: { address: http://10.7.0.1:8080, weight: 2", StringComparison.Ordinal),
            "scale.yaml");
        _incremental = new IncrementalAudit();
        _incremental.Audit(_tenThousandRoutes);
    }

    [Benchmark]
    public AuditReport FiftyClusters() => AuditEngine.Run(_config);

    [Benchmark]
    public AuditReport TenThousandRoutes() => AuditEngine.Run(_tenThousandRoutes);

    /// <summary>Each call audits the other variant: one cluster differs from the previous audit's config.</summary>
    [Benchmark]
    public AuditReport TenThousandRoutesOneClusterChanged() =>
        _incremental.Audit((_flip = !_flip) ? _tenThousandRoutesOneChanged : _tenThousandRoutes);
}
