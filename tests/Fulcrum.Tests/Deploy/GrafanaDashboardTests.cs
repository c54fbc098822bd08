using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Deploy;

/// <summary>
/// deploy/grafana/fulcrum-dashboard.json: every query is valid PromQL (parsed by the real promtool) and uses only
/// the contract's metric names or series recorded by deploy/prometheus/fulcrum-rules.yml, so a rename breaks here.
/// </summary>
public sealed partial class GrafanaDashboardTests(ITestOutputHelper output)
{
    private static readonly string[] ContractMetrics =
    [
        "fulcrum_requests_total", "fulcrum_request_duration_seconds_bucket", "fulcrum_inflight_requests",
        "fulcrum_destination_weight", "fulcrum_destination_healthy", "fulcrum_destination_expected_share",
        "fulcrum_destination_actual_share", "fulcrum_cluster_fairness_index", "fulcrum_alerts_firing",
    ];

    [Fact]
    public void QueriesUseOnlyContractMetricsAndRecordedSeries()
    {
        var rules = File.ReadAllText(RepositoryRoot.Combine("deploy", "prometheus", "fulcrum-rules.yml"));
        var recorded = RecordedName().Matches(rules).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("fulcrum:destination_actual_share:ratio_rate1m", recorded);

        var expressions = Expressions();
        Assert.True(expressions.Count >= 10, $"only {expressions.Count} queries in the dashboard");
        foreach (var expr in expressions)
        {
            foreach (var name in FulcrumName().Matches(expr).Select(m => m.Value))
            {
                Assert.True(ContractMetrics.Contains(name) || recorded.Contains(name), $"unknown series {name} in: {expr}");
            }
        }
        var all = string.Join('\n', expressions);
        foreach (var needed in new[] { "fulcrum:destination_actual_share:ratio_rate1m", "fulcrum:destination_expected_share:avg",
                     "fulcrum:destination_error_ratio:rate1m", "fulcrum:destination_request_duration_seconds:p99_1m",
                     "fulcrum:cluster_fairness_index:jain", "fulcrum_alerts_firing" })
        {
            Assert.Contains(needed, all);
        }
    }

    [Fact]
    public void PanelIdsAreUniqueAndEveryPanelHasATitle()
    {
        var panels = Dashboard()["panels"]!.AsArray().Select(p => p!.AsObject()).ToList();
        Assert.Equal(panels.Count, panels.Select(p => (int)p["id"]!).Distinct().Count());
        Assert.All(panels, p => Assert.False(string.IsNullOrWhiteSpace((string?)p["title"])));
    }

    [Fact]
    public async Task QueriesAreValidPromQl()
    {
        if (ExternalTool.Require("promtool", "prometheus", output) is not { } promtool)
        {
            return;
        }
        // promtool has no "check expression" command, so each query becomes a recording rule it must parse.
        var folder = Directory.CreateTempSubdirectory("fulcrum-grafana-").FullName;
        try
        {
            var rules = new JsonObject
            {
                ["groups"] = new JsonArray(new JsonObject
                {
                    ["name"] = "grafana",
                    ["rules"] = new JsonArray(Expressions().Select((expr, i) => (JsonNode)new JsonObject
                    {
                        ["record"] = $"grafana:query_{i}",
                        ["expr"] = expr.Replace("$cluster", ".+", StringComparison.Ordinal),
                    }).ToArray()),
                }),
            };
            // JSON is YAML, so promtool reads this file as it is.
            var path = Path.Combine(folder, "grafana-queries.yml");
            await File.WriteAllTextAsync(path, rules.ToJsonString());
            var result = await ExternalTool.RunAsync(promtool, ["check", "rules", path], folder);
            output.WriteLine(result.Output);
            Assert.True(result.ExitCode == 0, result.Output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static JsonObject Dashboard() =>
        JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("deploy", "grafana", "fulcrum-dashboard.json")))!.AsObject();

    private static List<string> Expressions() => Dashboard()["panels"]!.AsArray()
        .SelectMany(panel => panel!["targets"]?.AsArray() ?? [])
        .Select(target => (string)target!["expr"]!)
        .ToList();

    [GeneratedRegex(@"record:\s*(\S+)")]
    private static partial Regex RecordedName();

    // A series name: fulcrum_… or fulcrum:…, but not inside a label value like alertname=~"Fulcrum.+".
    [GeneratedRegex(@"(?<![""\w])fulcrum[_:][A-Za-z0-9_:]+")]
    private static partial Regex FulcrumName();
}
