using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Fulcrum.Core.Tests.Audit;

namespace Fulcrum.Benchmarks;

/// <summary>
/// The config audit over 50 clusters of 3–6 destinations, every policy, simulation rule included (the workload of
/// the unit test <c>AuditPerformanceTests</c>, whose file this project links). Goal: under 2 s per audit.
/// </summary>
[MemoryDiagnoser]
public class AuditBenchmarks
{
    private FulcrumConfig _config = null!;

    [GlobalSetup]
    public void Setup() => _config = ConfigLoader.Parse(AuditWorkload.Yaml(), "big.yaml");

    [Benchmark]
    public AuditReport FiftyClusters() => AuditEngine.Run(_config);
}
