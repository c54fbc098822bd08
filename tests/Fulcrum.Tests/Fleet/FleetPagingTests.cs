using System.Diagnostics;
using System.Text.Json;
using Fulcrum.Tests.Receivers;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Fleet;

/// <summary>
/// One evaluator for the fleet: three instances serving a forced biased config page a real webhook receiver exactly
/// once per escalation tier, and when the leader is killed another takes over without paging the tiers again.
/// </summary>
public sealed class FleetPagingTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private static readonly string[] Names = ["one", "two", "three"];

    [Fact]
    public async Task A_biased_fleet_pages_once_per_tier_not_once_per_instance()
    {
        await using var hook = await RecordingHookServer.StartAsync();
        await using var rig = await FleetRig.StartAsync(postgres.Server, "paging");
        await StartBiasedAsync(rig, hook);
        using var stop = new CancellationTokenSource();
        var traffic = rig.DriveTrafficAsync(stop.Token);

        await WithLogsAsync(rig, () => Poll.UntilAsync(() => Pages(hook).Count(p => p.Tier == 1) >= 1, TimeSpan.FromSeconds(60), "the tier-1 imbalance page"));
        // Every instance sees the same skew locally; give any duplicate time to arrive (several evaluation ticks).
        await Task.Delay(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await traffic;

        var pages = Pages(hook);
        output.WriteLine(string.Join("\n", pages.Select(p => $"tier {p.Tier}: {p.State} {p.Summary}")));
        Assert.Equal(1, pages.Count(p => p.Tier == 0 && p.State == "firing"));
        Assert.Equal(1, pages.Count(p => p.Tier == 1 && p.State == "firing"));
    }

    [Fact]
    public async Task When_the_leader_is_killed_another_instance_evaluates_within_10_seconds_without_paging_again()
    {
        await using var hook = await RecordingHookServer.StartAsync();
        await using var rig = await FleetRig.StartAsync(postgres.Server, "failover");
        await StartBiasedAsync(rig, hook);
        using var stop = new CancellationTokenSource();
        var traffic = rig.DriveTrafficAsync(stop.Token);
        await WithLogsAsync(rig, () => Poll.UntilAsync(() => Pages(hook).Count(p => p.Tier == 1) >= 1, TimeSpan.FromSeconds(60), "the tier-1 imbalance page"));

        var leader = (await Leader(rig, "one")).GetProperty("instance").GetString()!;
        var observer = Names.First(n => n != leader);
        await rig[leader].Process.KillAsync();
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(async () =>
        {
            var now = await Leader(rig, observer);
            return now.GetProperty("instance").GetString() != leader && now.GetProperty("lastEvaluationAgoMs").GetDouble() < 2000;
        }, TimeSpan.FromSeconds(10), "another instance to evaluate the fleet's alerts");
        output.WriteLine($"leader {leader} killed; {(await Leader(rig, observer)).GetProperty("instance").GetString()} evaluates {clock.ElapsedMilliseconds} ms later");

        // The new leader raises the incident afresh but finds its tiers already paged.
        await EvaluationsAsync(rig, observer, 8);
        await stop.CancelAsync();
        await traffic;
        var pages = Pages(hook);
        Assert.Equal(1, pages.Count(p => p.Tier == 0 && p.State == "firing"));
        Assert.Equal(1, pages.Count(p => p.Tier == 1 && p.State == "firing"));
    }

    [Fact]
    public async Task Several_alerts_of_one_cluster_on_the_leader_page_each_tier_once_with_every_alert()
    {
        // a fails every request: error-rate on a and on the cluster (and overload on a) fire together on the leader.
        // Grouped as Alertmanager's group_by: [cluster] does: one page per tier naming all of them, with runbooks.
        await using var hook = await RecordingHookServer.StartAsync();
        await using var rig = await FleetRig.StartAsync(postgres.Server, "grouped");
        rig.Backends[0].FailRate = 1.0;
        var alerts = string.Join("\n",
            "alerts:",
            "  error-rate: { threshold: 0.05, for: 0s }",
            "  group-wait: 3s",
            "  group-interval: 10m",
            "  escalation:",
            "    - { after: 0s, notify: [oncall] }",
            "    - { after: 4s, notify: [lead] }",
            "  receivers:",
            $"    oncall: {{ webhook: \"{hook.HookUrl}\" }}",
            $"    lead: {{ webhook: \"{hook.HookUrl}\" }}");
        var yaml = rig.Config(1, 1, 1, extra: alerts, fairness: "{ window: 5m, min-requests: 50, for: 1s }");
        foreach (var name in Names)
        {
            await rig.StartInstanceAsync(name, yaml);
        }
        using var stop = new CancellationTokenSource();
        var traffic = rig.DriveTrafficAsync(stop.Token);

        await WithLogsAsync(rig, () => Poll.UntilAsync(() => Grouped(hook).Any(p => p.Receiver == "lead"), TimeSpan.FromSeconds(60), "the second tier's page"));
        await EvaluationsAsync(rig, Names[0], 5); // several evaluations for any duplicate to arrive
        await stop.CancelAsync();
        await traffic;

        var pages = Grouped(hook);
        output.WriteLine(string.Join("\n", pages.Select(p => $"{p.Receiver} tier {p.Tier} {p.State}: {p.Text}")));
        Assert.Single(pages, p => p.Receiver == "oncall");
        Assert.Single(pages, p => p.Receiver == "lead");
        foreach (var page in pages)
        {
            Assert.Equal("firing", page.State);
            Assert.StartsWith("fleet: ", page.Summary, StringComparison.Ordinal);
            Assert.True(page.Alerts.Count >= 2, $"one page names every alert of the incident: {page.Text}");
            Assert.Contains(page.Alerts, a => a.Name == "error-rate" && a.Destination == "a");
            Assert.Contains(page.Alerts, a => a.Name == "error-rate" && a.Destination is null);
            Assert.All(page.Alerts, a => Assert.Equal($"docs/alerts/{a.Name}.md", a.RunbookUrl));
            Assert.Equal($"docs/alerts/{page.Name}.md", page.RunbookUrl);
        }
    }

    private static async Task StartBiasedAsync(FleetRig rig, RecordingHookServer hook)
    {
        var alerts = string.Join("\n",
            "alerts:",
            "  group-wait: 1s",
            "  escalation:",
            "    - { after: 0s, notify: [hook] }",
            "    - { after: 3s, notify: [hook] }",
            "  receivers:",
            $"    hook: {{ webhook: \"{hook.HookUrl}\" }}");
        // Weights 4, 1, 1 over equal capacities: FUL020, served only because `run --force`; the favored backend
        // buckles (fails 30 %), which makes the skew an imbalance, not just a config choice.
        rig.Backends[0].FailRate = 0.3;
        var yaml = rig.Config(4, 1, 1, extra: alerts, fairness: "{ window: 5m, min-requests: 50, for: 1s }");
        foreach (var name in Names)
        {
            await rig.StartInstanceAsync(name, yaml);
        }
    }

    private async Task WithLogsAsync(FleetRig rig, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException)
        {
            foreach (var name in Names)
            {
                output.WriteLine($"--- {name}\n{rig[name].Process.Output}");
            }
            output.WriteLine((await FleetRig.GetJsonAsync(rig["one"].Admin, "/api/fleet/clusters")).ToString());
            throw;
        }
    }

    private static async Task<JsonElement> Leader(FleetRig rig, string via)
    {
        var view = await FleetRig.GetJsonAsync(rig[via].Admin, "/api/fleet/instances");
        return view.GetProperty("leader");
    }

    /// <summary>
    /// Waits until the leader has evaluated <paramref name="count"/> more times (each evaluation resets the
    /// "last evaluation ago" the store shows), instead of a fixed sleep: pages due by then have been sent.
    /// </summary>
    private static async Task EvaluationsAsync(FleetRig rig, string via, int count)
    {
        var seen = 0;
        var lastAgo = double.MaxValue;
        await Poll.UntilAsync(async () =>
        {
            var leader = await Leader(rig, via);
            if (leader.ValueKind == JsonValueKind.Object && leader.GetProperty("lastEvaluationAgoMs").GetDouble() is var ago)
            {
                if (ago < lastAgo && lastAgo != double.MaxValue)
                {
                    seen++;
                }
                lastAgo = ago;
            }
            return seen >= count;
        }, TimeSpan.FromSeconds(60), $"{count} more evaluations of the fleet's alerts");
    }

    private sealed record Page(string Name, string State, int Tier, string Summary);

    private sealed record GroupPage(string Name, string Receiver, int Tier, string State, string Text, string Summary, string? RunbookUrl, IReadOnlyList<Member> Alerts);

    private sealed record Member(string Id, string Name, string? Destination, string State, string? RunbookUrl);

    private static List<GroupPage> Grouped(RecordingHookServer hook) =>
        [.. hook.Requests.Select(r => JsonSerializer.Deserialize<GroupPage>(r.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!)];

    private static List<Page> Pages(RecordingHookServer hook) => hook.Requests
        .Select(r => JsonDocument.Parse(r.Body).RootElement)
        .Select(e => new Page(e.GetProperty("name").GetString()!, e.GetProperty("state").GetString()!, e.GetProperty("tier").GetInt32(), e.GetProperty("summary").GetString()!))
        .Where(p => p.Name == "imbalance")
        .ToList();
}
