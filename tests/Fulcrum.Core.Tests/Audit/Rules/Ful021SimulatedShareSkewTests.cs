using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful021SimulatedShareSkewTests
{
    private const string ThreeEqual = """
        routes:
          - { name: web, match: { path: "/{**rest}" }, cluster: web }
        clusters:
          web:
            destinations:
              a: { address: http://10.0.0.5:8080 }   # <-
              b:
                address: http://10.0.0.6:8080
                weight: 1   # <-
              c: { address: http://10.0.0.7:8080 }   # <-
        """;

    [Fact]
    public void Flags_the_in_flight_skew_of_the_real_peak_ewma_picker()
    {
        // Peak EWMA chases the faster backend: about 83 % of requests go to 'fast', which then holds far more in
        // flight per unit weight than 'slow' — what the fairness monitor judges for load-aware policies.
        var findings = AssertFlagged("""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
            clusters:
              api:
                policy: peak-ewma
                slow-start: 30s
                destinations:
                  slow: { address: http://10.0.0.5:8080, weight: 1, capacity: 100 }
                  fast: { address: http://10.0.0.6:8080, weight: 1, capacity: 300 }   # <-
            """, "FUL021");
        Assert.Contains("requests in flight per unit weight", findings[0].Message);
        Assert.Contains("(intended 50 %), running the peak-ewma picker", findings[0].Message);
    }

    [Fact]
    public void Passes_least_requests_which_evens_out_in_flight_counts()
    {
        AssertClean("""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
            clusters:
              api:
                policy: least-requests
                slow-start: 30s
                destinations:
                  slow: { address: http://10.0.0.5:8080, weight: 1, capacity: 100 }
                  fast: { address: http://10.0.0.6:8080, weight: 3, capacity: 300 }
            """, "FUL021");
    }

    [Fact]
    public void Lets_bounded_hashing_over_unequal_capacities_follow_speed()
    {
        // The slower b fills its bounded-load cap sooner and passes keys on to a (about 74/26 % against 67/33 %):
        // load-driven by design, and b stays well under its capacity.
        AssertClean("""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
            clusters:
              api:
                policy: maglev
                hash: { key: "header:X-User-Id", balance-factor: 1.25 }
                destinations:
                  a: { address: http://10.0.0.5:8080, weight: 2, capacity: 400 }
                  b: { address: http://10.0.0.6:8080, weight: 1, capacity: 200 }
            """, "FUL021");
    }

    [Fact]
    public void Flags_a_predicted_share_off_the_weight_share_with_both_numbers()
    {
        var engine = new AuditEngine(simulatorFactory: () => new FixedShares(("a", 0.19), ("b", 0.62), ("c", 0.19)));
        var report = engine.Audit(Load(ThreeEqual));

        // Every destination misses: b gets too much, a and c too little (pointed at their entries, weight being defaulted).
        var findings = report.Findings.Where(f => f.RuleId == "FUL021").ToList();
        Assert.Equal(MarkedLines(ThreeEqual), findings.Select(f => f.Location.Line));
        Assert.Contains("'b' of cluster 'web' predicted 62 % of requests, intended 33 %", findings[1].Message);
        Assert.Contains("'a' of cluster 'web' predicted 19 % of requests, intended 33 %", findings[0].Message);
        Assert.All(findings, f => Assert.Equal(AuditSeverity.Warning, f.Severity));
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public void Does_not_report_deviations_within_sampling_noise()
    {
        // 40 % against 33 % is over the 20 % tolerance, but on 30 requests it is noise, not bias.
        var engine = new AuditEngine(simulatorFactory: () => new FixedShares(30, ("a", 0.3), ("b", 0.4), ("c", 0.3)));
        Assert.DoesNotContain(engine.Audit(Load(ThreeEqual)).Findings, f => f.RuleId == "FUL021");
    }

    [Fact]
    public void Passes_the_real_round_robin_picker_and_fail_over()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  small: { address: http://10.0.0.5:8080, weight: 1, capacity: 100 }
                  large: { address: http://10.0.0.6:8080, weight: 3, capacity: 300 }
              failover:
                policy: first-available
                destinations:
                  primary: { address: http://10.0.1.5:8080, capacity: 100 }
                  standby: { address: http://10.0.1.6:8080, capacity: 100 }
            """, "FUL021");
    }

    /// <summary>A simulator that predicts given shares, to test the rule apart from any picker.</summary>
    private sealed class FixedShares(int requests, params (string Name, double Share)[] shares) : IShareSimulator
    {
        public FixedShares(params (string Name, double Share)[] shares) : this(100_000, shares)
        {
        }

        public SharePrediction Predict(ClusterConfig cluster, double? offeredRate) =>
            new(cluster.Name, requests, offeredRate, shares.Select(s => new PredictedDestination(s.Name, s.Share, offeredRate * s.Share)).ToList());
    }
}
