using Fulcrum.Core.Audit;
using Fulcrum.Core.Audit.Live;
using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Live;

/// <summary>The live audit over a real monitor fed recorded requests: capacity against weight, drift, moved shares.</summary>
public sealed class LiveAuditTests : IDisposable
{
    private const string ThreeToOne = """
        routes:
          - { name: web, match: { path: "/{**rest}" }, cluster: web }
        clusters:
          web:
            destinations:
              a: { address: "http://10.0.0.1:8080", weight: 3 }
              b: { address: "http://10.0.0.2:8080", weight: 1 }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("fulcrum-live-audit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Catches_a_destination_whose_weight_is_three_times_its_observed_share_of_capacity()
    {
        var traffic = new ObservedTraffic(Load(ThreeToOne));
        // Round-robin 3:1 as the picker sends it; a answers in 60 ms, b in 20 ms: a has a quarter of the capacity.
        traffic.Serve("web", 20, ("a", 30, 60), ("b", 10, 20));

        var result = new LiveAuditor().Run(traffic.Config, traffic.Snapshot(), DiskConfig.None, traffic.Time.GetUtcNow(), remember: true);

        var finding = Assert.Single(result.Report.Findings, f => f.RuleId == "FUL026");
        Assert.Equal(AuditSeverity.Error, finding.Severity);
        Assert.Equal("a", finding.Destination);
        Assert.Contains("75 % of the weight", finding.Message, StringComparison.Ordinal);
        // p50 comes from latency buckets, so the inferred share is close to, not exactly, a quarter.
        Assert.Matches(@"but 2[4-6] % of the capacity observed over the last 30s \(20 req/s completed, 1[6-8] req/s at its p50 latency\): 3(\.[0-2])?× its capacity share; a weight near 1 matches it", finding.Message);
        Assert.Equal(6, finding.Location.Line); // a's weight
        Assert.Contains(finding, result.New);
    }

    [Fact]
    public void Does_not_flag_weights_that_follow_the_observed_capacity()
    {
        var traffic = new ObservedTraffic(Load(ThreeToOne));
        // a is three times as fast as b: weight 3:1 is right.
        traffic.Serve("web", 20, ("a", 30, 20), ("b", 10, 60));

        var report = new LiveAuditor().Run(traffic.Config, traffic.Snapshot(), DiskConfig.None, traffic.Time.GetUtcNow(), remember: true).Report;

        Assert.DoesNotContain(report.Findings, f => f.RuleId == "FUL026");
    }

    [Fact]
    public void Judges_nothing_without_enough_observed_requests()
    {
        var traffic = new ObservedTraffic(Load(ThreeToOne));
        traffic.Serve("web", 2, ("a", 30, 60), ("b", 10, 20)); // 80 requests, min-requests is 200

        var report = new LiveAuditor().Run(traffic.Config, traffic.Snapshot(), DiskConfig.None, traffic.Time.GetUtcNow(), remember: true).Report;

        Assert.DoesNotContain(report.Findings, f => f.RuleId == "FUL026");
    }

    [Fact]
    public void Catches_a_serving_config_that_differs_from_the_file_on_disk()
    {
        var file = Path.Combine(_folder, "fulcrum.yaml");
        File.WriteAllText(file, ThreeToOne.Replace("weight: 3", "weight: 1", StringComparison.Ordinal));
        // The serving config names the same folder, so only what was pushed differs (not the journal's path).
        var traffic = new ObservedTraffic(ConfigLoader.Parse(ThreeToOne, file));

        var report = new LiveAuditor().Run(traffic.Config, traffic.Snapshot(), DiskConfig.Load(file), traffic.Time.GetUtcNow(), remember: true).Report;

        var finding = Assert.Single(report.Findings, f => f.RuleId == "FUL027");
        Assert.Contains(file, finding.Message, StringComparison.Ordinal);
        Assert.Contains("in 1 setting(s), from serving to file: clusters.web.destinations.a.weight: 3 → 1", finding.Message, StringComparison.Ordinal);
        Assert.Equal(6, finding.Location.Line);
    }

    [Fact]
    public void Is_silent_on_drift_when_the_file_matches_and_reports_a_file_that_no_longer_loads()
    {
        var file = Path.Combine(_folder, "fulcrum.yaml");
        File.WriteAllText(file, ThreeToOne);
        var config = ConfigLoader.LoadFile(file);
        var auditor = new LiveAuditor();
        var now = DateTimeOffset.UnixEpoch;

        Assert.DoesNotContain(auditor.Run(config, [], DiskConfig.Load(file), now, true).Report.Findings, f => f.RuleId == "FUL027");

        File.WriteAllText(file, "routes: [");
        var broken = Assert.Single(auditor.Run(config, [], DiskConfig.Load(file), now, true).Report.Findings, f => f.RuleId == "FUL027");
        Assert.Contains("does not load", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_shares_that_moved_since_the_previous_audit_and_each_finding_as_new_once()
    {
        var config = Load(ThreeToOne.Replace("weight: 3", "weight: 1", StringComparison.Ordinal));
        var traffic = new ObservedTraffic(config);
        var auditor = new LiveAuditor();
        traffic.Serve("web", 30, ("a", 20, 20), ("b", 20, 20));
        var first = auditor.Run(config, traffic.Snapshot(), DiskConfig.None, traffic.Time.GetUtcNow(), remember: true);
        Assert.DoesNotContain(first.Report.Findings, f => f.RuleId == "FUL028");

        traffic.Serve("web", 30, ("a", 8, 20), ("b", 32, 20)); // a: 50 % → 20 %
        var second = auditor.Run(config, traffic.Snapshot(), DiskConfig.None, traffic.Time.GetUtcNow(), remember: true);
        var moved = second.Report.Findings.Where(f => f.RuleId == "FUL028").ToList();
        Assert.Equal(["a", "b"], moved.Select(f => f.Destination));
        Assert.Contains("had 50 % of the requests", moved[0].Message, StringComparison.Ordinal);
        Assert.Contains("has 20 % now", moved[0].Message, StringComparison.Ordinal);
        Assert.Equal(2, second.New.Count(f => f.RuleId == "FUL028"));

        // The same traffic again: the shares stay where they moved to, nothing is new.
        traffic.Serve("web", 30, ("a", 8, 20), ("b", 32, 20));
        var third = auditor.Run(config, traffic.Snapshot(), DiskConfig.None, traffic.Time.GetUtcNow(), remember: true);
        Assert.DoesNotContain(third.Report.Findings, f => f.RuleId == "FUL028");
    }

    [Fact]
    public void A_static_audit_never_runs_the_live_rules()
    {
        var report = AuditEngine.Run(Load(ThreeToOne));

        Assert.DoesNotContain(report.Findings, f => f.RuleId is "FUL026" or "FUL027" or "FUL028");
    }
}
