using Fulcrum.TestBackends;

namespace Fulcrum.Cli;

/// <summary>The demo's built-in config: one cluster over three backends of different speeds.</summary>
internal static class DemoConfig
{
    public static readonly (string Name, TimeSpan Latency)[] Backends =
    [
        ("fast", TimeSpan.FromMilliseconds(5)),
        ("medium", TimeSpan.FromMilliseconds(10)),
        ("slow", TimeSpan.FromMilliseconds(20)),
    ];

    public static string Yaml(string listen, string admin, IReadOnlyList<TestBackend> backends) => $"""
        listen: [{listen}]
        admin:
          listen: {admin}
        routes:
          - name: web
            match: {"{"} path: "/{"{"}**rest{"}"}" {"}"}
            cluster: web
        clusters:
          web:
            policy: peak-ewma
            destinations:
              fast: {"{"} address: {backends[0].Address}, weight: 1, capacity: 400 {"}"}
              medium: {"{"} address: {backends[1].Address}, weight: 1, capacity: 400 {"}"}
              slow: {"{"} address: {backends[2].Address}, weight: 1, capacity: 400 {"}"}
            health:
              active: {"{"} path: /health, interval: 5s, timeout: 2s, unhealthy-after: 3, healthy-after: 2 {"}"}
              passive: {"{"} consecutive-failures: 5, ejection: 30s, max-ejected-percent: 50 {"}"}
            slow-start: 30s
            timeouts: {"{"} connect: 2s, request: 10s {"}"}
        fairness:
          window: 30s
          tolerance: 0.2
          min-requests: 200
          for: 30s
        journal: {"{"} path: {Path.Combine(Path.GetTempPath(), "fulcrum-demo-journal.db")} {"}"}
        """;
}
