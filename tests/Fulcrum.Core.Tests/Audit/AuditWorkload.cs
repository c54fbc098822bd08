using System.Text;

namespace Fulcrum.Core.Tests.Audit;

/// <summary>
/// A large config for the audit: clusters of 3 to 6 destinations over every policy, with capacities, hashing
/// and health checks, every tenth cluster skewed on purpose. Shared by <see cref="AuditPerformanceTests"/> (what
/// the audit finds) and bench/Fulcrum.Benchmarks' AuditBenchmarks (how long it takes), which links this file.
/// </summary>
public static class AuditWorkload
{
    /// <param name="clusters">How many clusters.</param>
    /// <param name="routesPerCluster">How many routes send to each cluster (distinct paths and hosts; 200 × 50 is the 10,000-route scale case).</param>
    public static string Yaml(int clusters = 50, int routesPerCluster = 1)
    {
        string[] policies = ["round-robin", "random", "least-requests", "power-of-two", "peak-ewma", "consistent-hash", "maglev"];
        var yaml = new StringBuilder("routes:\n");
        for (var c = 0; c < clusters; c++)
        {
            yaml.Append($"  - {{ name: r{c}, match: {{ path: \"/c{c}/{{**rest}}\" }}, cluster: c{c} }}\n");
            for (var r = 1; r < routesPerCluster; r++)
            {
                yaml.Append($"  - {{ name: r{c}x{r}, match: {{ path: \"/c{c}/v{r}/{{id}}\", hosts: [\"h{r % 7}.example\"] }}, cluster: c{c} }}\n");
            }
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
