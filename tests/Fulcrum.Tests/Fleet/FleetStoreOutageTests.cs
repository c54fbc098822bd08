using System.Text.Json;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Fleet;

/// <summary>PostgreSQL stopped for ~30 s under steady traffic: the fleet keeps serving, pushes fail clearly, and reporting resumes.</summary>
public sealed class FleetStoreOutageTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private static readonly string[] Names = ["one", "two", "three"];

    [Fact]
    public async Task A_store_outage_fails_no_proxied_request_and_the_fleet_view_returns()
    {
        await using var rig = await FleetRig.StartAsync(postgres.Server, "outage");
        foreach (var name in Names)
        {
            await rig.StartInstanceAsync(name, rig.Config(1, 1, 1));
        }
        await Poll.UntilAsync(async () => await LiveAsync(rig) == 3, TimeSpan.FromSeconds(10), "three live instances");

        using var stop = new CancellationTokenSource();
        long sent = 0, failed = 0;
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var name in Names)
                {
                    Interlocked.Add(ref failed, await rig[name].SendAsync(10));
                    Interlocked.Add(ref sent, 10);
                }
            }
        });

        await postgres.Server.StopAsync();
        try
        {
            var (exit, text) = await rig.PushAsync(rig.Config(2, 2, 2));
            Assert.Equal(3, exit);
            Assert.Contains("fleet store unreachable", text, StringComparison.Ordinal);
            using var view = await rig["two"].Admin.GetAsync("/api/fleet/clusters");
            Assert.Equal(503, (int)view.StatusCode);
            using var events = await rig["two"].Admin.GetAsync("/api/events?since=0");
            Assert.Equal(503, (int)events.StatusCode);
            Assert.Contains("the journal (fleet store", await events.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // The outage's length is the scenario, not a wait for a condition.
            await Task.Delay(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await postgres.Server.StartClusterAsync();
        }

        await Poll.UntilAsync(async () => await LiveAsync(rig) == 3, TimeSpan.FromSeconds(15), "every instance reporting again");
        await stop.CancelAsync();
        await traffic;
        output.WriteLine($"{Interlocked.Read(ref sent)} requests sent during the test, {Interlocked.Read(ref failed)} failed");
        Assert.Equal(0, Interlocked.Read(ref failed));

        // And the store works for pushes again: the instances follow.
        var (pushExit, pushText) = await rig.PushAsync(rig.Config(2, 2, 2));
        Assert.True(pushExit == 0, pushText);
        await Poll.UntilAsync(async () =>
        {
            var view = await FleetRig.GetJsonAsync(rig["one"].Admin, "/api/fleet/instances");
            return view.GetProperty("instances").EnumerateArray().All(i => i.GetProperty("state").GetString() == "current");
        }, TimeSpan.FromSeconds(10), "every instance to serve the version pushed after the outage");
    }

    private static async Task<int> LiveAsync(FleetRig rig)
    {
        using var response = await rig["one"].Admin.GetAsync("/api/fleet/instances");
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }
        var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return view.GetProperty("instances").EnumerateArray().Count(i => i.GetProperty("live").GetBoolean());
    }
}
