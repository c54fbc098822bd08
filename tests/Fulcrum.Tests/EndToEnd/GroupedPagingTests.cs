using System.Text.Json;
using Fulcrum.Tests.Receivers;
using Fulcrum.Tests.Support;
using Fulcrum.TestBackends;
using Xunit.Abstractions;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>
/// One incident that raises several alerts on one cluster (destination a fails every request: error-rate on a and
/// on the cluster) pages each escalation tier exactly once, through a real proxy to a real Kestrel webhook, with
/// every alert of the incident and its runbook link in that one body; and every alert transition is one
/// structured log line.
/// </summary>
public sealed class GroupedPagingTests(ITestOutputHelper output)
{
    private static string Config(string hook) => Configs.OneCluster(
        "round-robin",
        "a: { address: \"{a}\" }\nb: { address: \"{b}\" }\nc: { address: \"{c}\" }",
        extra: $$"""
            fairness:
              min-requests: 20
            alerts:
              error-rate: { threshold: 0.05, for: 0s }
              group-wait: 3s
              group-interval: 10m
              escalation:
                - { after: 0s, notify: [oncall] }
                - { after: 4s, notify: [lead] }
              receivers:
                oncall: { webhook: "{{hook}}" }
                lead: { webhook: "{{hook}}" }
            """);

    [Fact]
    public async Task Several_alerts_on_one_cluster_page_each_tier_once_with_runbooks_and_log_each_transition()
    {
        await using var hook = await RecordingHookServer.StartAsync();
        var logs = new CapturingLoggerProvider();
        var backends = new[]
        {
            new TestBackendOptions { Name = "a", FailRate = 1.0 },
            new TestBackendOptions { Name = "b" },
            new TestBackendOptions { Name = "c" },
        };
        await using var rig = await ProxyRig.StartAsync(Config(hook.HookUrl.ToString()), backends, logs: logs);
        await rig.SendAsync(300);

        await Poll.UntilAsync(() => Pages(hook).Any(p => p.Receiver == "lead"), TimeSpan.FromSeconds(30), "the second tier's page");
        // Both tiers were told; any further page for this incident would come at the next evaluations.
        await rig.SendAsync(60);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var pages = Pages(hook);
        foreach (var page in pages)
        {
            output.WriteLine($"{page.Receiver} tier {page.Tier} {page.State}: {page.Text}");
        }
        Assert.Single(pages, p => p.Receiver == "oncall");
        Assert.Single(pages, p => p.Receiver == "lead");
        foreach (var page in pages)
        {
            Assert.Equal("firing", page.State);
            Assert.True(page.Alerts.Count >= 2, $"one page names every alert of the incident: {page.Text}");
            Assert.Contains(page.Alerts, a => a.Name == "error-rate" && a.Destination == "a");
            Assert.Contains(page.Alerts, a => a.Name == "error-rate" && a.Destination is null);
            Assert.All(page.Alerts, a => Assert.Equal($"docs/alerts/{a.Name}.md", a.RunbookUrl));
            Assert.Equal($"docs/alerts/{page.Name}.md", page.RunbookUrl);
            Assert.True(File.Exists(Deploy.RepositoryRoot.Combine(page.RunbookUrl!.Split('/'))), page.RunbookUrl);
        }

        var fired = logs.Lines.Where(l => l.EventName == "AlertTransition" && Equals(l["ToState"], "firing")).ToList();
        var onA = Assert.Single(fired, l => Equals(l["AlertName"], "error-rate") && Equals(l["Destination"], "a"));
        Assert.Equal("web", onA["Cluster"]);
        Assert.Equal("pending", onA["FromState"]);
        Assert.Equal(0.05, (double)onA["Threshold"]!);
        Assert.True((double)onA["Value"]! > 0.9, $"value {onA["Value"]}");
        Assert.False(string.IsNullOrEmpty(onA["AlertId"] as string));
        Assert.Contains(pages[0].Alerts, a => a.Id == (string)onA["AlertId"]!);
    }

    private static List<Page> Pages(RecordingHookServer hook) =>
        [.. hook.Requests.Select(r => JsonSerializer.Deserialize<Page>(r.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!)];

    private sealed record Page(string Name, string Receiver, int Tier, string State, string Text, string? RunbookUrl, IReadOnlyList<Member> Alerts);

    private sealed record Member(string Id, string Name, string? Destination, string State, string? RunbookUrl);
}
