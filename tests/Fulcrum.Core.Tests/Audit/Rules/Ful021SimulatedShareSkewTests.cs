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
              a: { address: http://10.0.0.5:8080 }
              b:
                address: http://10.0.0.6:8080
                weight: 1   # <-
              c: { address: http://10.0.0.7:8080 }
        """;

    [Fact]
    public void Passes_the_real_peak_ewma_picker_chasing_the_faster_backend_at_even_cost()
    {
        // Peak EWMA sends most requests to 'fast', which then holds more in flight than 'slow': that is its promise
        // (even cost, latency × load), not a skew. Judging in-flight per weight here was a false alarm.
        AssertClean("""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
            clusters:
              api:
                policy: peak-ewma
                slow-start: 30s
                destinations:
                  slow: { address: http://10.0.0.5:8080, weight: 1, capacity: 100 }
                  fast: { address: http://10.0.0.6:8080, weight: 1, capacity: 300 }
            """, "FUL021");
    }

    [Fact]
    public void Flags_uneven_in_flight_per_weight_under_least_requests_with_the_live_judges_words()
    {
        var finding = FlagLoadAware("least-requests", "a", ("a", 0.34, 6, 20), ("b", 0.33, 2, 20), ("c", 0.33, 2, 20));

        Assert.Contains("destination a holds 6.0 requests in flight per unit weight in cluster api, +80 % over the mean", finding.Message);
        Assert.Contains("(intended 33 %), running the least-requests picker", finding.Message);
    }

    [Fact]
    public void Flags_peak_ewma_favoring_an_expensive_destination()
    {
        // 'slow' takes 80 % of requests at 40 ms and 8 in flight: cost 360 against 11 for 'fast'.
        var finding = FlagLoadAware("peak-ewma", "slow", ("fast", 0.2, 0.1, 10), ("slow", 0.8, 8, 40));

        Assert.Contains("destination slow gets 80 % of cluster api (weight share 50 %) at a cost of 360.0", finding.Message);
    }

    /// <summary>
    /// Audits a cluster "api" of the given policy whose destinations are predicted as given, asserts exactly one
    /// FUL021 finding at the <paramref name="flagged"/> destination's line, and returns it.
    /// </summary>
    private static AuditFinding FlagLoadAware(string policy, string flagged, params (string Name, double Share, double InFlight, double LatencyMs)[] predicted)
    {
        var destinations = string.Join("\n", predicted.Select((d, i) =>
            $"      {d.Name}: {{ address: http://10.0.0.{i + 5}:8080 }}{(d.Name == flagged ? "   " + Marker : "")}"));
        var yaml = $"routes:\n  - {{ name: api, match: {{ path: \"/{{**rest}}\" }}, cluster: api }}\nclusters:\n  api:\n" +
            $"    policy: {policy}\n    slow-start: 30s\n    destinations:\n{destinations}\n";
        var engine = new AuditEngine(simulatorFactory: () => new FixedLoad(predicted));
        var finding = Assert.Single(engine.Audit(Load(yaml)).Findings, f => f.RuleId == "FUL021");
        Assert.Equal(MarkedLines(yaml).Single(), finding.Location.Line);
        return finding;
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

        // The live judge names the favored destination, b, and so does the audit: one finding, at b's weight.
        var findings = report.Findings.Where(f => f.RuleId == "FUL021").ToList();
        Assert.Equal(MarkedLines(ThreeEqual), findings.Select(f => f.Location.Line));
        Assert.Contains("'b' of cluster 'web' predicted 62 % of requests, intended 33 % (weight 1 of 3)", findings[0].Message);
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

    /// <summary>A simulator that predicts shares, in-flight counts and mean latencies, over 10,000 requests.</summary>
    private sealed class FixedLoad(params (string Name, double Share, double InFlight, double LatencyMs)[] destinations) : IShareSimulator
    {
        public SharePrediction Predict(ClusterConfig cluster, double? offeredRate) =>
            new(cluster.Name, 10_000, offeredRate, destinations.Select(d => new PredictedDestination(
                d.Name, d.Share, offeredRate * d.Share, d.InFlight, 0, TimeSpan.FromMilliseconds(d.LatencyMs),
                TimeSpan.FromMilliseconds(d.LatencyMs), TimeSpan.FromMilliseconds(3 * d.LatencyMs))).ToList());
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
