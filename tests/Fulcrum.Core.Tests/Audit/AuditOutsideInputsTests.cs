using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit;

/// <summary>
/// <see cref="AuditEngine.AuditOutsideInputs"/>: what a reused audit (a restart with the same text and build) must
/// still check afresh. It runs the rules that read files or the clock, gives their findings exactly as the full audit
/// does, and simulates nothing.
/// </summary>
public sealed class AuditOutsideInputsTests
{
    // A certificate that cannot be read (FUL022, read from disk) and no health check (FUL009, config only); two
    // destinations, so the full audit simulates the cluster.
    private const string Yaml = """
        listen:
          - url: https://0.0.0.0:8443
            tls:
              certificates:
                - cert: /nonexistent/fulcrum-test/shop.pem
                  key: /nonexistent/fulcrum-test/shop.key
                  hosts: [shop.example]
        routes:
          - { name: web, match: { path: "/{**rest}" }, cluster: web }
        clusters:
          web:
            destinations:
              a: { address: http://10.0.0.5:8080 }
              b: { address: http://10.0.0.6:8080 }
        """;

    [Fact]
    public void Only_the_certificate_rule_reads_outside_the_config()
    {
        var outside = RuleCatalog.All.Where(r => r.ReadsOutsideConfig).Select(r => r.Id).ToArray();

        Assert.Equal(["FUL022"], outside);
    }

    [Fact]
    public void Gives_the_outside_rules_findings_of_the_full_audit_and_no_other()
    {
        var config = Load(Yaml);
        var full = AuditEngine.Run(config).Findings;

        var outside = AuditEngine.Default.AuditOutsideInputs(config);

        Assert.Contains(full, f => f.RuleId == "FUL009");
        Assert.NotEmpty(outside);
        Assert.Equal(full.Where(f => f.RuleId == "FUL022"), outside);
    }

    [Fact]
    public void Simulates_nothing()
    {
        var simulator = new CountingSimulator();
        var engine = new AuditEngine(simulatorFactory: () => simulator);

        engine.AuditOutsideInputs(Load(Yaml));
        Assert.Equal(0, simulator.Calls);

        engine.Audit(Load(Yaml));
        Assert.True(simulator.Calls > 0, "the full audit predicts the cluster: the counter must be able to see a simulation");
    }

    private sealed class CountingSimulator : IShareSimulator
    {
        private readonly SimulatorShareSimulator _real = new();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public SharePrediction Predict(ClusterConfig cluster, double? offeredRate)
        {
            Interlocked.Increment(ref _calls);
            return _real.Predict(cluster, offeredRate);
        }
    }
}
