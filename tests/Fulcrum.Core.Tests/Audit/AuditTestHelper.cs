using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Audit;

/// <summary>
/// Audits YAML written in tests. The expected line of a finding is marked in the YAML itself with a trailing
/// <c># &lt;-</c> comment, so a test states "this line" rather than a number that rots when the YAML is edited.
/// </summary>
internal static class AuditTestHelper
{
    public const string FileName = "test.yaml";
    public const string Marker = "# <-";

    public static FulcrumConfig Load(string yaml) => ConfigLoader.Parse(yaml, FileName);

    public static AuditReport AuditYaml(string yaml) => AuditEngine.Run(Load(yaml));

    public static IReadOnlyList<AuditFinding> FindingsOf(string yaml, string ruleId) =>
        AuditYaml(yaml).Findings.Where(f => f.RuleId == ruleId).ToList();

    /// <summary>The 1-based lines carrying the marker, in order.</summary>
    public static IReadOnlyList<int> MarkedLines(string yaml) =>
        yaml.Split('\n')
            .Select((text, index) => (text, line: index + 1))
            .Where(l => l.text.Contains(Marker, StringComparison.Ordinal))
            .Select(l => l.line)
            .ToList();

    /// <summary>
    /// Asserts that <paramref name="ruleId"/> fires exactly on the marked lines (one finding per marked line)
    /// with the rule's severity, and returns the findings for further checks of their messages.
    /// </summary>
    public static IReadOnlyList<AuditFinding> AssertFlagged(string yaml, string ruleId)
    {
        var report = AuditYaml(yaml);
        var findings = report.Findings.Where(f => f.RuleId == ruleId).ToList();
        var expected = MarkedLines(yaml);
        Assert.True(expected.Count > 0, "the test YAML marks no line with " + Marker);
        Assert.True(
            expected.SequenceEqual(findings.Select(f => f.Location.Line)),
            $"{ruleId}: expected findings on lines [{string.Join(", ", expected)}], got:\n" +
            string.Join("\n", report.Findings.Select(f => "  " + f)));
        var rule = RuleCatalog.Find(ruleId)!;
        Assert.All(findings, f =>
        {
            Assert.Equal(rule.Severity, f.Severity);
            Assert.Equal(FileName, f.Location.File);
        });
        return findings;
    }

    /// <summary>Asserts that <paramref name="ruleId"/> does not fire on the config.</summary>
    public static void AssertClean(string yaml, string ruleId)
    {
        var findings = FindingsOf(yaml, ruleId);
        Assert.True(findings.Count == 0, $"{ruleId} should not fire, got:\n" + string.Join("\n", findings.Select(f => "  " + f)));
    }
}
