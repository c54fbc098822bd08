using Fulcrum.Core.Audit;

namespace Fulcrum.Tests.Cli;

public sealed class RulesCommandTests
{
    [Fact]
    public async Task Rules_lists_every_rule_with_severity_title_and_doc_page_in_id_order()
    {
        var result = await CliRunner.RunAsync(AppContext.BaseDirectory, "rules");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(RuleCatalog.All.Select(r => r.Id), lines.Select(l => l.Split(' ')[0]));
        Assert.StartsWith("FUL001  error", lines[0], StringComparison.Ordinal);
        Assert.Contains("(docs/rules/FUL001.md)", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("FUL022  warning  TLS certificate expired", StringComparison.Ordinal));
        Assert.All(RuleCatalog.All, rule => Assert.Contains(rule.Title, result.Stdout, StringComparison.Ordinal));
    }
}
