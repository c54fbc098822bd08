using System.Diagnostics;
using System.Text;
using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Audit;

public class AuditPerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Audits_a_50_cluster_config_in_under_2_seconds()
    {
        var config = ConfigLoader.Parse(FiftyClusters(), "big.yaml");
        AuditEngine.Run(ConfigLoader.Parse(FiftyClusters(clusters: 2), "warm-up.yaml")); // JIT, not the audit, is not what we measure

        var clock = Stopwatch.StartNew();
        var report = AuditEngine.Run(config);
        clock.Stop();

        output.WriteLine($"audited {config.Clusters.Count} clusters, {config.Clusters.Sum(c => c.Destinations.Count)} destinations " +
                         $"in {clock.Elapsed.TotalMilliseconds:0} ms: {report.Summary}");
        Assert.Equal(50, config.Clusters.Count);
        Assert.NotEmpty(report.Findings); // the rules did run: every tenth cluster is skewed on purpose
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"audit took {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    /// <summary>Clusters of 3 to 6 destinations over every policy, with capacities, hashing and health checks.</summary>
    private static string FiftyClusters(int clusters = 50)
    {
        string[] policies = ["round-robin", "random", "least-requests", "power-of-two", "peak-ewma", "consistent-hash", "maglev"];
        var yaml = new StringBuilder("routes:\n");
        for (var c = 0; c < clusters; c++)
        {
            yaml.Append($"  - {{ name: r{c}, match: {{ path: \"/c{c}/{{**rest}}\" }}, cluster: c{c} }}\n");
        }
        yaml.Append("clusters:\n");
        for (var c = 0; c < clusters; c++)
        {
            var policy = policies[c % policies.Length];
            yaml.Append($"  c{c}:\n    policy: {policy}\n    slow-start: 30s\n    timeouts: {{ connect: 2s, request: 10s }}\n");
            yaml.Append("    health:\n      passive: { consecutive-failures: 5, ejection: 30s, max-ejected-percent: 50 }\n");
            if (policy is "consistent-hash" or "maglev")
            {
                yaml.Append("    hash: { key: \"header:X-User-Id\", balance-factor: 1.25 }\n");
            }
            yaml.Append("    destinations:\n");
            for (var d = 0; d < 3 + c % 4; d++)
            {
                var weight = c % 10 == 0 && d == 0 ? 3 : 1; // every tenth cluster asks too much of its first destination
                yaml.Append($"      d{d}: {{ address: http://10.{c}.0.{d + 1}:8080, weight: {weight}, capacity: 100 }}\n");
            }
        }
        return yaml.ToString();
    }
}
