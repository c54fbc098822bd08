using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit;

public class AuditEngineTests
{
    private const string Clean = """
        routes:
          - { name: web, match: { path: "/{**rest}" }, cluster: web }
        clusters:
          web:
            destinations:
              a: { address: http://10.0.0.5:8080, capacity: 100 }
              b: { address: http://10.0.0.6:8080, capacity: 100 }
            health:
              passive: { consecutive-failures: 5, ejection: 30s, max-ejected-percent: 50 }
            timeouts: { connect: 2s, request: 10s }
        """;

    [Fact]
    public void A_clean_config_has_no_findings_and_exit_code_0()
    {
        var report = AuditYaml(Clean);

        Assert.Empty(report.Findings);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal("no findings", report.Summary);
        Assert.Equal(RuleCatalog.All.Count, report.Rules.Count);
    }

    [Fact]
    public void Warnings_alone_exit_0_and_an_error_exits_1()
    {
        var warningsOnly = AuditYaml(Clean.Replace("    health:\n      passive: { consecutive-failures: 5, ejection: 30s, max-ejected-percent: 50 }\n", ""));
        Assert.True(warningsOnly.Warnings > 0);
        Assert.Equal(0, warningsOnly.Errors);
        Assert.Equal(0, warningsOnly.ExitCode);

        var withError = AuditYaml(Clean.Replace("b: { address: http://10.0.0.6:8080", "b: { address: http://10.0.0.5:8080"));
        Assert.Equal(1, withError.Errors);
        Assert.True(withError.HasErrors);
        Assert.Equal(1, withError.ExitCode);
        Assert.Equal("1 error, 0 warnings, 0 infos", withError.Summary);
    }

    [Fact]
    public void Findings_are_sorted_by_file_position()
    {
        var report = AuditYaml("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
              - { name: api, match: { path: "/api/{**rest}" }, cluster: web }
            clusters:
              web:
                policy: least-requests
                destinations:
                  a: { address: http://10.0.0.5:8080, weight: 10 }
                  b: { address: http://10.0.0.5:8080 }
            fairness: { tolerance: 0.9 }
            """);

        var positions = report.Findings.Select(f => (f.Location.Line, f.Location.Column)).ToList();
        Assert.True(report.Findings.Count >= 6, string.Join("\n", report.Findings));
        Assert.Equal(positions.OrderBy(p => p.Line).ThenBy(p => p.Column), positions);
        Assert.Equal("FUL015", report.Findings[0].RuleId);
        Assert.Equal("FUL018", report.Findings[^1].RuleId);
    }

    [Fact]
    public void A_rule_that_throws_becomes_a_warning_and_the_other_rules_still_run()
    {
        var engine = new AuditEngine([new ThrowingRule(), RuleCatalog.Find("FUL013")!]);

        var report = engine.Audit(Load(Clean.Replace("      b: { address: http://10.0.0.6:8080, capacity: 100 }\n", "")));

        var broken = Assert.Single(report.Findings, f => f.RuleId == "TEST001");
        Assert.Equal(AuditSeverity.Warning, broken.Severity);
        Assert.Contains("InvalidOperationException: boom", broken.Message);
        Assert.Single(report.Findings, f => f.RuleId == "FUL013");
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public void Against_an_old_config_compares_predicted_shares_with_added_and_removed_destinations()
    {
        var old = Load("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
                  c: { address: http://10.0.0.7:8080 }
              gone:
                destinations:
                  x: { address: http://10.0.1.5:8080 }
            """);
        var current = Load("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080, weight: 3 }
                  d: { address: http://10.0.0.8:8080 }
            """);

        var comparison = AuditEngine.Run(current, against: old).Comparison!;

        var web = Assert.Single(comparison.Clusters, c => c.Cluster == "web");
        Assert.Equal(ShareChangeKind.Changed, web.Kind);
        Assert.Equal(["a", "b", "d", "c"], web.Destinations.Select(d => d.Destination));
        Assert.Equal("a: 33 % → 20 %", web.Destinations[0].ToString());
        Assert.Equal("b: 33 % → 60 %", web.Destinations[1].ToString());
        Assert.Equal("d: added, 20 %", web.Destinations[2].ToString());
        Assert.Equal("c: removed, was 33 %", web.Destinations[3].ToString());
        var gone = Assert.Single(comparison.Clusters, c => c.Cluster == "gone");
        Assert.Equal(ShareChangeKind.Removed, gone.Kind);
        Assert.Equal("gone (removed): x: removed, was 100 %", gone.ToString());
    }

    [Fact]
    public void Against_an_identical_config_reports_no_change()
    {
        var comparison = AuditEngine.Run(Load(Clean), against: Load(Clean)).Comparison!;

        Assert.All(comparison.Clusters, c => Assert.Equal(ShareChangeKind.Unchanged, c.Kind));
        Assert.Empty(comparison.Changed);
    }

    private sealed class ThrowingRule : IAuditRule
    {
        public string Id => "TEST001";
        public string Name => "Throwing";
        public AuditSeverity Severity => AuditSeverity.Error;
        public string Title => "Always throws";
        public string Description => "A rule with a bug.";

        public IEnumerable<AuditFinding> Check(AuditContext context)
        {
            yield return new AuditFinding(Id, Severity, "never seen", new SourceLocation("x", 1, 1), null, null);
            throw new InvalidOperationException("boom");
        }
    }
}
