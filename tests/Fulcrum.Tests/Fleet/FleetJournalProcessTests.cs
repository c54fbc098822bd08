using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Tests.Receivers;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Fleet;

/// <summary>
/// Real <c>fulcrum run</c> processes sharing one PostgreSQL: <c>fulcrum timeline</c> / <c>postmortem</c> tell the
/// fleet's story with each event's instance, and an acknowledgement made on one instance is seen by the others and
/// stops the fleet's escalation.
/// </summary>
public sealed class FleetJournalProcessTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Timeline_and_postmortem_on_any_instance_s_config_tell_every_instance_s_events()
    {
        await using var rig = await FleetRig.StartAsync(postgres.Server, "journal_story_processes");
        await rig.StartInstanceAsync("one", rig.Config(1, 1, 1));
        await rig.StartInstanceAsync("two", rig.Config(1, 1, 1));

        var timeline = "";
        await Poll.UntilAsync(async () =>
        {
            var (exit, text) = await rig.CliAsync("timeline", "-c", Path.Combine(rig.Folder, "one.yaml"), "--since", "10m");
            Assert.True(exit == 0, text);
            timeline = text;
            return text.Contains("[one] fulcrum started", StringComparison.Ordinal) && text.Contains("[two] fulcrum started", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20), "both instances' start in the fleet timeline");

        output.WriteLine(timeline);
        Assert.Contains("journal fleet store (PostgreSQL, every instance)", timeline, StringComparison.Ordinal);
        var started = timeline.Split('\n').Where(l => l.Contains("process.started", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, started.Count);
        Assert.Contains("[one]", started[0], StringComparison.Ordinal); // one started first: time order across instances
        var (postmortemExit, postmortem) = await rig.CliAsync("postmortem", "-c", Path.Combine(rig.Folder, "two.yaml"), "--since", "10m");
        Assert.True(postmortemExit == 0, postmortem);
        Assert.Contains("[two] fulcrum started", postmortem, StringComparison.Ordinal);
        Assert.Contains("[one] fulcrum started", postmortem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_events_on_any_instance_answers_from_the_fleet_journal_naming_each_instance_as_the_timeline_does()
    {
        await using var rig = await FleetRig.StartAsync(postgres.Server, "api_events_fleet");
        await rig.StartInstanceAsync("one", rig.Config(1, 1, 1));
        await rig.StartInstanceAsync("two", rig.Config(1, 1, 1));

        var events = new List<JsonElement>();
        await Poll.UntilAsync(async () =>
        {
            events = (await FleetRig.GetJsonAsync(rig["two"].Admin, "/api/events?since=0")).EnumerateArray().ToList();
            return Started(events).Count == 2;
        }, TimeSpan.FromSeconds(20), "both instances' start in GET /api/events");

        // Every event names its instance, one's as well as two's own; the ids are the store's, so they only grow.
        Assert.Equal(["one", "two"], Started(events).Select(Instance).Order());
        Assert.All(events, e => Assert.Contains(Instance(e), new[] { "one", "two" }));
        var ids = events.Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // since=<id> follows the fleet journal from there, on any instance.
        var after = (await FleetRig.GetJsonAsync(rig["one"].Admin, $"/api/events?since={ids[0]}")).EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Skip(1), after.Take(ids.Count - 1));
        // Without since: the newest, oldest first, from every instance.
        var latest = (await FleetRig.GetJsonAsync(rig["one"].Admin, "/api/events?limit=1000")).EnumerateArray().ToList();
        Assert.Equal(["one", "two"], Started(latest).Select(Instance).Order());

        // fulcrum timeline tells the same events, each with the same instance.
        var (exit, timeline) = await rig.CliAsync("timeline", "-c", Path.Combine(rig.Folder, "two.yaml"), "--since", "10m");
        Assert.True(exit == 0, timeline);
        foreach (var e in Started(events))
        {
            Assert.Contains($"[{Instance(e)}] {e.GetProperty("summary").GetString()}", timeline, StringComparison.Ordinal);
        }
    }

    private static List<JsonElement> Started(IEnumerable<JsonElement> events) =>
        events.Where(e => e.GetProperty("kind").GetString() == "process.started").ToList();

    private static string? Instance(JsonElement e) => e.GetProperty("instance").GetString();

    [Fact]
    public async Task An_acknowledgement_on_one_instance_is_seen_by_the_others_and_stops_the_fleet_s_escalation()
    {
        await using var hook = await RecordingHookServer.StartAsync();
        await using var rig = await FleetRig.StartAsync(postgres.Server, "shared_acks");
        var alerts = string.Join("\n",
            "alerts:",
            "  escalation:",
            "    - { after: 0s, notify: [hook] }",
            "    - { after: 25s, notify: [hook] }",
            "  receivers:",
            $"    hook: {{ webhook: \"{hook.HookUrl}\" }}");
        // As in FleetPagingTests: weights 4, 1, 1 over equal capacities, the favored backend buckling.
        rig.Backends[0].FailRate = 0.3;
        var yaml = rig.Config(4, 1, 1, extra: alerts, fairness: "{ window: 5m, min-requests: 50, for: 1s }");
        string[] names = ["one", "two", "three"];
        foreach (var name in names)
        {
            await rig.StartInstanceAsync(name, yaml);
        }
        using var stop = new CancellationTokenSource();
        var traffic = rig.DriveTrafficAsync(stop.Token);
        try
        {
            await Poll.UntilAsync(() => Pages(hook).Any(p => p.State == "firing" && p.Tier == 0), TimeSpan.FromSeconds(60), "the tier-0 imbalance page");
            var leader = (await FleetRig.GetJsonAsync(rig["one"].Admin, "/api/fleet/instances")).GetProperty("leader").GetProperty("instance").GetString()!;
            var acker = names.First(n => n != leader);
            string? id = null;
            await Poll.UntilAsync(async () => (id = FiringImbalance(await FleetRig.GetJsonAsync(rig[acker].Admin, "/api/alerts"))) is not null,
                TimeSpan.FromSeconds(20), $"the imbalance firing on {acker}");

            using (var ack = await rig[acker].Admin.PostAsync($"/api/alerts/{id}/ack?by=tester", JsonContent.Create(new { })))
            {
                Assert.True(ack.IsSuccessStatusCode, await ack.Content.ReadAsStringAsync());
            }

            // Every other instance shows it acknowledged, naming who and where.
            foreach (var other in names.Where(n => n != acker))
            {
                await Poll.UntilAsync(async () => Acknowledged(await FleetRig.GetJsonAsync(rig[other].Admin, "/api/alerts")) == $"tester from 127.0.0.1 (on {acker})",
                    TimeSpan.FromSeconds(10), $"the acknowledgement on {other}");
            }
            // The evaluator told the tier it paged, and never escalates to the next one (due 25 s after firing).
            await Poll.UntilAsync(() => Pages(hook).Any(p => p.State == "acknowledged" && p.Tier == 0), TimeSpan.FromSeconds(10), "the acknowledged notice");
            await Task.Delay(TimeSpan.FromSeconds(30)); // past the second tier's time: the scenario, not a wait for a condition
            output.WriteLine(string.Join("\n", Pages(hook).Select(p => $"tier {p.Tier}: {p.State}")));
            Assert.DoesNotContain(Pages(hook), p => p.Tier == 1);
            Assert.Equal(1, Pages(hook).Count(p => p.State == "firing"));
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
        }
    }

    private static string? FiringImbalance(JsonElement alerts) => alerts.EnumerateArray()
        .Where(a => a.GetProperty("name").GetString() == "imbalance" && a.GetProperty("state").GetString() == "firing")
        .Select(a => a.GetProperty("id").GetString())
        .FirstOrDefault();

    private static string? Acknowledged(JsonElement alerts) => alerts.EnumerateArray()
        .Where(a => a.GetProperty("name").GetString() == "imbalance" && a.GetProperty("state").GetString() == "acknowledged")
        .Select(a => a.TryGetProperty("acknowledgedBy", out var by) ? by.GetString() : "?")
        .FirstOrDefault();

    private sealed record Page(string State, int Tier);

    private static List<Page> Pages(RecordingHookServer hook) => hook.Requests
        .Select(r => JsonDocument.Parse(r.Body).RootElement)
        .Where(e => e.GetProperty("name").GetString() == "imbalance")
        .Select(e => new Page(e.GetProperty("state").GetString()!, e.GetProperty("tier").GetInt32()))
        .ToList();
}
