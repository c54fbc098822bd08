using System.Globalization;
using System.Text.RegularExpressions;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Deploy;

/// <summary>
/// <c>fulcrum_cluster_info</c> as a live proxy exports it, fed to the real promtool with the shipped rules: the
/// FulcrumImbalance rule's <c>unless on (cluster) fulcrum_cluster_info{judged_as=~...}</c> must keep a round-robin
/// skew and leave a load-aware (peak-ewma) cluster to Fulcrum's own judgement — also a custom policy declared as
/// judged like peak-ewma (its <c>policy</c> label is its own name), and an older instance without <c>judged_as</c>.
/// </summary>
public sealed partial class ClusterInfoRuleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("round-robin", true)]
    [InlineData("peak-ewma", false)]
    public async Task The_imbalance_rule_reads_the_exported_policy(string policy, bool fires)
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted(policy, 1, 1, 1), ProxyRig.Named(3));
        await rig.SendAsync(30);
        var scrape = await rig.Admin.GetStringAsync("/metrics");
        var info = InfoLine().Matches(scrape).Select(m => m.Value).ToList();
        Assert.Equal([$"fulcrum_cluster_info{{cluster=\"web\",policy=\"{policy}\",judged_as=\"{policy}\"}} 1"], info);
        await Promtool.AssertMetricsPassAsync(scrape, output);
        await AssertRuleAsync(info[0], fires);
    }

    [Theory]
    [InlineData("fulcrum_cluster_info{cluster=\"web\",policy=\"Fulcrum.CheapestFirst\",judged_as=\"peak-ewma\"} 1", false)]
    [InlineData("fulcrum_cluster_info{cluster=\"web\",policy=\"Fulcrum.TenantPinned\",judged_as=\"round-robin\"} 1", true)]
    [InlineData("fulcrum_cluster_info{cluster=\"web\",policy=\"peak-ewma\"} 1", false)]
    [InlineData("fulcrum_cluster_info{cluster=\"web\",policy=\"round-robin\"} 1", true)]
    public async Task The_imbalance_rule_leaves_out_what_is_judged_as_load_aware_whatever_its_name(string infoLine, bool fires) =>
        await AssertRuleAsync(infoLine, fires);

    private async Task AssertRuleAsync(string infoLine, bool fires)
    {
        if (ExternalTool.Require("promtool", "prometheus", output) is not { } promtool)
        {
            return;
        }
        var folder = Directory.CreateTempSubdirectory("fulcrum-rules-");
        try
        {
            File.Copy(RepositoryRoot.Combine("deploy", "prometheus", "fulcrum-rules.yml"), Path.Combine(folder.FullName, "fulcrum-rules.yml"));
            File.WriteAllText(Path.Combine(folder.FullName, "test.yml"), RuleTest(infoLine, fires));
            var result = await ExternalTool.RunAsync(promtool, ["test", "rules", "test.yml"], folder.FullName);
            output.WriteLine(result.Output);
            Assert.True(result.ExitCode == 0, result.Output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A skewed fleet of one instance (a gets 45 % of 320 requests a minute against 33 %: +35 %), plus the scraped
    /// info line with the instance label a scrape adds.
    /// </summary>
    private static string RuleTest(string infoLine, bool fires)
    {
        var infoSeries = infoLine[..infoLine.LastIndexOf(' ')].Replace("{", "{instance=\"i1\",", StringComparison.Ordinal);
        var lines = new List<string>
        {
            "rule_files: [fulcrum-rules.yml]",
            "evaluation_interval: 15s",
            "tests:",
            "  - interval: 15s",
            "    input_series:",
        };
        foreach (var (destination, step) in new[] { ("a", 36), ("b", 22), ("c", 22) })
        {
            lines.Add($"      - series: 'fulcrum_requests_total{{instance=\"i1\",cluster=\"web\",destination=\"{destination}\",code_class=\"2xx\"}}'");
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"        values: '0+{step}x40'"));
            lines.Add($"      - series: 'fulcrum_destination_expected_share{{instance=\"i1\",cluster=\"web\",destination=\"{destination}\"}}'");
            lines.Add("        values: '0.3333333333333333x40'");
        }
        lines.Add($"      - series: '{infoSeries}'");
        lines.Add("        values: '1x40'");
        lines.Add("    alert_rule_test:");
        lines.Add("      - eval_time: 5m");
        lines.Add("        alertname: FulcrumImbalance");
        if (!fires)
        {
            lines.Add("        exp_alerts: []");
            return string.Join('\n', lines) + "\n";
        }
        lines.Add("        exp_alerts:");
        lines.Add("          - exp_labels: { severity: critical, team: platform, cluster: web, destination: a }");
        lines.Add("            exp_annotations:");
        lines.Add("              summary: \"web/a is favored: 35% off its expected share across all Fulcrum instances\"");
        lines.Add("              description: \"Across the fleet, destination a of cluster web gets 45% of the requests against an expected 33.33%. "
            + "Check each instance's dashboard (which one deviates?) and `fulcrum timeline` for the config change behind it.\"");
        lines.Add("              runbook_url: docs/operations.md#fulcrumimbalance");
        return string.Join('\n', lines) + "\n";
    }

    [GeneratedRegex(@"^fulcrum_cluster_info\{.*$", RegexOptions.Multiline)]
    private static partial Regex InfoLine();
}
