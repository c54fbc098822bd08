using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Audit;

/// <summary>
/// The audit over a large config: what it finds. How long it takes is measured by bench/Fulcrum.Benchmarks'
/// AuditBenchmarks (goal: under 2 s for 50 clusters), not asserted here: a unit test is no stopwatch.
/// </summary>
public class AuditPerformanceTests
{
    [Fact]
    public void Audits_a_50_cluster_config_and_flags_the_skewed_clusters()
    {
        var config = ConfigLoader.Parse(AuditWorkload.Yaml(), "big.yaml");

        var report = AuditEngine.Run(config);

        Assert.Equal(50, config.Clusters.Count);
        Assert.NotEmpty(report.Findings); // the rules did run: every tenth cluster is skewed on purpose
    }
}
