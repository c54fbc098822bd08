using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful020SimulatedDistributionTests
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
    public void Flags_a_destination_the_real_picker_drives_past_its_capacity()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  small:
                    address: http://10.0.0.5:8080
                    weight: 1
                    capacity: 100   # <-
                  large: { address: http://10.0.0.6:8080, weight: 1, capacity: 300 }
            """, "FUL020");
        Assert.Equal("small", findings[0].Destination);
        Assert.Contains("predicted at 140 req/s against capacity 100", findings[0].Message);
        Assert.Contains("(280 req/s)", findings[0].Message);
    }

    [Fact]
    public void Flags_shares_the_real_least_requests_picker_does_not_deliver()
    {
        // At 70 % load on equal backends few requests are in flight, so least-requests mostly breaks ties and
        // spreads far more evenly than weights 5:1:1 ask (about 47/27/25 % with the current picker).
        var findings = AssertFlagged("""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
            clusters:
              api:
                policy: least-requests
                slow-start: 30s
                destinations:
                  big: { address: http://10.0.0.5:8080, weight: 5 }     # <-
                  small1: { address: http://10.0.0.6:8080, weight: 1 }  # <-
                  small2: { address: http://10.0.0.7:8080, weight: 1 }  # <-
            """, "FUL020");
        Assert.Contains("intended 71 % (weight 5 of 7), running the least-requests picker", findings[0].Message);
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
            """, "FUL020");
    }

    [Fact]
    public void Flags_a_predicted_share_off_the_weight_share_with_both_numbers()
    {
        var engine = new AuditEngine(simulatorFactory: () => new FixedShares(("a", 0.19), ("b", 0.62), ("c", 0.19)));
        var report = engine.Audit(Load(ThreeEqual));

        // Every destination misses: b gets too much, a and c too little (pointed at their entries, weight being defaulted).
        var findings = report.Findings.Where(f => f.RuleId == "FUL020").ToList();
        Assert.Equal(MarkedLines(ThreeEqual), findings.Select(f => f.Location.Line));
        Assert.Contains("'b' of cluster 'web' predicted 62 % of requests, intended 33 %", findings[1].Message);
        Assert.Contains("'a' of cluster 'web' predicted 19 % of requests, intended 33 %", findings[0].Message);
        Assert.All(findings, f => Assert.Equal(AuditSeverity.Error, f.Severity));
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public void Does_not_report_deviations_within_sampling_noise()
    {
        // 40 % against 33 % is over the 20 % tolerance, but on 30 requests it is noise, not bias.
        var engine = new AuditEngine(simulatorFactory: () => new FixedShares(30, ("a", 0.3), ("b", 0.4), ("c", 0.3)));
        Assert.DoesNotContain(engine.Audit(Load(ThreeEqual)).Findings, f => f.RuleId == "FUL020");
    }

    [Fact]
    public void Passes_weights_proportional_to_capacities_under_the_real_picker()
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
            """, "FUL020");
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
