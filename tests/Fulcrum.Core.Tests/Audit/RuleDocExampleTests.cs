using System.Text.RegularExpressions;
using Fulcrum.Core.Audit;
using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit;

/// <summary>
/// Each rule page shows a flagged config and its fix (the first two YAML blocks). The audit must agree with
/// the page: the flagged one triggers the rule, the fixed one does not — so the docs can never drift.
/// </summary>
public class RuleDocExampleTests
{
    public static TheoryData<string> RuleIds() => new(RuleCatalog.All.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void The_flagged_example_triggers_the_rule_and_the_fixed_one_does_not(string ruleId)
    {
        var page = File.ReadAllText(RepositoryFiles.PathOf($"docs/rules/{ruleId}.md")).ReplaceLineEndings("\n");
        var examples = Regex.Matches(page, "```yaml\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.True(examples.Count >= 2, $"{ruleId}.md needs a flagged and a fixed YAML example");

        if (RuleCatalog.Find(ruleId) is Fulcrum.Core.Audit.Rules.LiveAuditRule)
        {
            // A live rule judges observed data, which a page can only describe: its page says so, a static audit of
            // its example stays silent, and LiveAuditTests drive it with recorded traffic.
            Assert.Contains("Live audit only", page, StringComparison.Ordinal);
            Assert.Empty(FindingsIn(examples[0], ruleId));
            return;
        }
        // Relative paths in an example (FUL022's certificate) resolve against the repository, as for a reader there.
        Assert.NotEmpty(FindingsIn(examples[0], ruleId));
        Assert.Empty(FindingsIn(examples[1], ruleId));
    }

    private static IEnumerable<AuditFinding> FindingsIn(string yaml, string ruleId) =>
        AuditEngine.Run(Fulcrum.Core.Config.ConfigLoader.Parse(yaml, FileName, RepositoryFiles.Root)).Findings.Where(f => f.RuleId == ruleId);
}
