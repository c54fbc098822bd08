using System.Text.RegularExpressions;
using Fulcrum.Core.Audit;

namespace Fulcrum.Core.Tests.Audit;

public class RuleCatalogTests
{
    [Fact]
    public void Has_at_least_15_rules_with_unique_sequential_ids_and_complete_metadata()
    {
        var rules = RuleCatalog.All;

        Assert.True(rules.Count >= 15);
        var ids = rules.Select(r => r.Id).ToList();
        Assert.Equal(Enumerable.Range(1, rules.Count).Select(i => $"FUL{i:000}"), ids);
        Assert.Equal(rules.Count, rules.Select(r => r.Name).Distinct().Count());
        Assert.All(rules, rule =>
        {
            Assert.Matches("^[A-Z][A-Za-z0-9]+$", rule.Name);
            Assert.False(string.IsNullOrWhiteSpace(rule.Title));
            Assert.DoesNotContain('\n', rule.Title);
            Assert.True(rule.Description.Length > rule.Title.Length, rule.Id);
            Assert.Equal($"docs/rules/{rule.Id}.md", rule.DocPath);
        });
    }

    [Fact]
    public void Keeps_errors_for_certain_bias_or_outage()
    {
        var errors = RuleCatalog.All.Where(r => r.Severity == AuditSeverity.Error).Select(r => r.Id);

        Assert.Equal(["FUL001", "FUL016", "FUL020", "FUL026"], errors);
    }

    [Fact]
    public void Finds_rules_by_id_case_insensitively()
    {
        Assert.Equal("FUL007", RuleCatalog.Find("ful007")!.Id);
        Assert.Null(RuleCatalog.Find("FUL999"));
    }

    [Fact]
    public void Every_rule_has_its_doc_page_and_every_doc_page_has_a_rule()
    {
        var folder = RepositoryFiles.PathOf("docs/rules");
        var pages = Directory.GetFiles(folder, "*.md").Select(Path.GetFileNameWithoutExtension).Order().ToList();

        Assert.Equal(RuleCatalog.All.Select(r => r.Id).Order(), pages);
        foreach (var rule in RuleCatalog.All)
        {
            var page = File.ReadAllText(RepositoryFiles.PathOf(rule.DocPath));
            Assert.StartsWith($"# {rule.Id} — {rule.Title}\n", page.ReplaceLineEndings("\n"));
            Assert.Contains($"**Severity:** {AuditSeverities.Name(rule.Severity)}", page);
            Assert.Contains($"`{rule.Name}`", page);
            foreach (var section in new[] { "## What it catches", "## Why it matters", "## How to fix", "## Example" })
            {
                Assert.True(page.Contains(section, StringComparison.Ordinal), $"{rule.DocPath} lacks '{section}'");
            }
        }
    }

    [Fact]
    public void The_best_practices_guide_links_every_rule_page()
    {
        var guide = File.ReadAllText(RepositoryFiles.PathOf("docs/best-practices.md"));

        Assert.All(RuleCatalog.All, rule => Assert.Contains($"(rules/{rule.Id}.md)", guide));
        var links = Regex.Matches(guide, @"\(rules/(FUL\d{3})\.md\)").Select(m => m.Groups[1].Value).Distinct();
        Assert.All(links, id => Assert.NotNull(RuleCatalog.Find(id)));
    }
}
