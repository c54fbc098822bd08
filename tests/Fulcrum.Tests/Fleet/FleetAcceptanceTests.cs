using System.Diagnostics;
using System.Text.Json;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Fleet;

/// <summary>Three real <c>fulcrum run</c> processes sharing one real PostgreSQL: the fleet view, pushes and drift.</summary>
public sealed class FleetAcceptanceTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private static readonly string[] Names = ["one", "two", "three"];

    [Fact]
    public async Task Fleet_clusters_on_any_instance_reports_the_shares_the_backends_counted()
    {
        await using var rig = await FleetRig.StartAsync(postgres.Server, "view");
        foreach (var name in Names)
        {
            await rig.StartInstanceAsync(name, rig.Config(1, 1, 1));
        }

        // Uneven traffic per instance; round robin per instance, so only the sum tells the fleet's split.
        var failed = await rig["one"].SendAsync(301) + await rig["two"].SendAsync(200) + await rig["three"].SendAsync(103);
        Assert.Equal(0, failed);
        var counted = rig.Backends.Select(b => b.Counters.Total).ToArray();
        var total = counted.Sum();

        foreach (var name in Names)
        {
            JsonElement cluster = default;
            await Poll.UntilAsync(async () =>
            {
                cluster = (await FleetRig.GetJsonAsync(rig[name].Admin, "/api/fleet/clusters")).EnumerateArray().Single();
                return cluster.GetProperty("windowRequests").GetInt64() == total;
            }, TimeSpan.FromSeconds(10), $"{name}'s fleet view to count all {total} requests");
            var destinations = cluster.GetProperty("destinations").EnumerateArray().ToArray();
            for (var i = 0; i < 3; i++)
            {
                var share = destinations[i].GetProperty("actualShare").GetDouble();
                var expected = (double)counted[i] / total;
                output.WriteLine($"{name}: {destinations[i].GetProperty("name").GetString()} fleet share {share:P2}, backend counted {expected:P2}");
                Assert.InRange(share, expected - 0.01, expected + 0.01);
            }
            Assert.Equal(3, cluster.GetProperty("instances").GetArrayLength());
        }
    }

    [Fact]
    public async Task A_biased_push_is_refused_a_clean_one_serves_everywhere_and_a_stopped_instance_catches_up()
    {
        await using var rig = await FleetRig.StartAsync(postgres.Server, "push");
        foreach (var name in Names)
        {
            await rig.StartInstanceAsync(name, rig.Config(1, 1, 1));
        }

        var (biasedExit, biasedOutput) = await rig.PushAsync(rig.Config(4, 1, 1));
        output.WriteLine(biasedOutput);
        Assert.Equal(1, biasedExit);
        Assert.Contains("FUL020", biasedOutput, StringComparison.Ordinal);
        Assert.Contains("push refused", biasedOutput, StringComparison.Ordinal);
        var before = await FleetRig.GetJsonAsync(rig["one"].Admin, "/api/fleet/instances");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("latestVersion").ValueKind);

        await rig["three"].StopAsync();
        var clock = Stopwatch.StartNew();
        var (cleanExit, cleanOutput) = await rig.PushAsync(rig.Config(2, 2, 2), "--reason", "even weights");
        Assert.True(cleanExit == 0, cleanOutput);
        var pushed = clock.Elapsed;
        clock.Restart();
        JsonElement view = default;
        await Poll.UntilAsync(async () =>
        {
            view = await FleetRig.GetJsonAsync(rig["one"].Admin, "/api/fleet/instances");
            return Instance(view, "one").GetProperty("state").GetString() == "current"
                && Instance(view, "two").GetProperty("state").GetString() == "current";
        }, TimeSpan.FromSeconds(2), "the running instances to serve the pushed version within 2 s");
        output.WriteLine($"push took {pushed.TotalMilliseconds:0} ms; served by the running instances {clock.Elapsed.TotalMilliseconds:0} ms later");
        var latest = view.GetProperty("latestVersion").GetInt64();
        foreach (var name in new[] { "one", "two" })
        {
            var clusters = await FleetRig.GetJsonAsync(rig[name].Admin, "/api/clusters");
            Assert.All(clusters[0].GetProperty("destinations").EnumerateArray(), d => Assert.Equal(2, d.GetProperty("weight").GetInt32()));
        }

        // The stopped instance shows as down and behind until it returns, then catches up on its own.
        await Poll.UntilAsync(async () =>
        {
            view = await FleetRig.GetJsonAsync(rig["one"].Admin, "/api/fleet/instances");
            return Instance(view, "three").GetProperty("state").GetString() == "down";
        }, TimeSpan.FromSeconds(10), "the stopped instance to show as down");
        var stopped = Instance(view, "three");
        Assert.True(stopped.GetProperty("drift").GetBoolean());
        Assert.NotEqual(latest, stopped.GetProperty("versionServed").ValueKind == JsonValueKind.Number ? stopped.GetProperty("versionServed").GetInt64() : -1);

        await rig.StartInstanceAsync("three", rig.Config(1, 1, 1));
        await Poll.UntilAsync(async () =>
        {
            view = await FleetRig.GetJsonAsync(rig["two"].Admin, "/api/fleet/instances");
            return Instance(view, "three").GetProperty("state").GetString() == "current";
        }, TimeSpan.FromSeconds(10), "the restarted instance to catch up");
        var caughtUp = await FleetRig.GetJsonAsync(rig["three"].Admin, "/api/clusters");
        Assert.All(caughtUp[0].GetProperty("destinations").EnumerateArray(), d => Assert.Equal(2, d.GetProperty("weight").GetInt32()));

        // Forced: applied forced everywhere; rollback republishes the last clean version.
        var (forcedExit, forcedOutput) = await rig.PushAsync(rig.Config(4, 1, 1), "--force", "--reason", "test: forced bias");
        Assert.True(forcedExit == 0, forcedOutput);
        Assert.Contains("FORCED", forcedOutput, StringComparison.Ordinal);
        await Poll.UntilAsync(async () =>
        {
            var clusters = await FleetRig.GetJsonAsync(rig["three"].Admin, "/api/clusters");
            return clusters[0].GetProperty("destinations")[0].GetProperty("weight").GetInt32() == 4;
        }, TimeSpan.FromSeconds(5), "the forced version to serve");
        var (rollbackExit, rollbackOutput) = await rig.CliAsync("rollback", "-c", Path.Combine(rig.Folder, "one.yaml"));
        Assert.True(rollbackExit == 0, rollbackOutput);
        await Poll.UntilAsync(async () =>
        {
            var clusters = await FleetRig.GetJsonAsync(rig["one"].Admin, "/api/clusters");
            return clusters[0].GetProperty("destinations")[0].GetProperty("weight").GetInt32() == 2;
        }, TimeSpan.FromSeconds(5), "the rollback to serve the clean weights again");
    }

    [Fact]
    public async Task A_push_while_the_store_is_down_fails_clearly_with_exit_code_3()
    {
        await using var rig = await FleetRig.StartAsync(postgres.Server, "down");
        await postgres.Server.StopAsync();
        try
        {
            var (exit, text) = await rig.PushAsync(rig.Config(1, 1, 1));
            output.WriteLine(text);
            Assert.Equal(3, exit);
            Assert.Contains("fleet store unreachable", text, StringComparison.Ordinal);
            Assert.Contains("nothing was published", text, StringComparison.Ordinal);
        }
        finally
        {
            await postgres.Server.StartClusterAsync();
        }
    }

    private static JsonElement Instance(JsonElement view, string name) =>
        view.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("name").GetString() == name);
}
