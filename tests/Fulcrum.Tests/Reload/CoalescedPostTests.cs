using System.Net;
using System.Text;
using System.Text.Json;
using Fulcrum.Journal;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.Reload;

/// <summary>
/// Concurrent <c>POST /api/config</c> requests over real HTTP while the apply lane is busy: the latest waiting config
/// wins, identical ones share one apply, every caller gets an honest answer (200 applied, 409 superseded, 422
/// refused), and the journal says what became of each.
/// </summary>
public sealed class CoalescedPostTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Posts_waiting_behind_an_apply_are_superseded_by_the_latest_which_alone_is_applied()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        var before = rig.Server.Journal.ReadLatest(1000).Count;
        using var busy = BlockLane(rig);

        var first = PostAsync(rig, Configs.Weighted("round-robin", 2, 1), "alice");
        await WaitingAsync(rig, 1);
        var same = PostAsync(rig, Configs.Weighted("round-robin", 2, 1), "bob");
        await WaitingAsync(rig, 2);
        var latest = PostAsync(rig, Configs.Weighted("round-robin", 3, 1), "carol");
        await WaitingAsync(rig, 3);
        busy.Set();

        var (firstStatus, firstBody) = await first;
        var (sameStatus, sameBody) = await same;
        var (latestStatus, latestBody) = await latest;
        Assert.Equal(HttpStatusCode.OK, latestStatus);
        Assert.True(latestBody.GetProperty("applied").GetBoolean());
        foreach (var (status, body) in new[] { (firstStatus, firstBody), (sameStatus, sameBody) })
        {
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.False(body.GetProperty("applied").GetBoolean());
            Assert.True(body.GetProperty("superseded").GetBoolean());
            Assert.Contains("superseded by a later POST /api/config by carol", body.GetProperty("message").GetString());
            Assert.Contains("that config was applied", body.GetProperty("message").GetString());
        }
        Assert.Equal(3, rig.Server.Gate.Current!.Clusters[0].Destinations[0].Weight);
        var events = rig.Server.Journal.ReadLatest(1000).Skip(before).ToList();
        Assert.Single(events, e => e.Kind == EventKinds.ConfigApplied);
        var coalesced = events.Where(e => e.Kind == EventKinds.ConfigCoalesced).Select(e => e.Summary).ToList();
        Assert.Equal(2, coalesced.Count);
        Assert.Contains(coalesced, s => s.Contains("by alice", StringComparison.Ordinal) && s.Contains("superseded", StringComparison.Ordinal));
        Assert.Contains(coalesced, s => s.Contains("by bob", StringComparison.Ordinal) && s.Contains("superseded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Identical_posts_waiting_together_share_one_apply_and_both_are_answered_applied()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        var before = rig.Server.Journal.ReadLatest(1000).Count;
        using var busy = BlockLane(rig);

        var one = PostAsync(rig, Configs.Weighted("round-robin", 4, 1), "alice");
        await WaitingAsync(rig, 1);
        var two = PostAsync(rig, Configs.Weighted("round-robin", 4, 1), "bob");
        await WaitingAsync(rig, 2);
        busy.Set();

        foreach (var (status, body) in new[] { await one, await two })
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(body.GetProperty("applied").GetBoolean());
            Assert.False(body.GetProperty("superseded").GetBoolean());
        }
        Assert.Equal(4, rig.Server.Gate.Current!.Clusters[0].Destinations[0].Weight);
        var events = rig.Server.Journal.ReadLatest(1000).Skip(before).ToList();
        Assert.Single(events, e => e.Kind == EventKinds.ConfigApplied);
        Assert.Contains(events, e => e.Kind == EventKinds.ConfigCoalesced && e.Summary.Contains("by bob", StringComparison.Ordinal)
            && e.Summary.Contains("identical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_superseded_by_one_that_is_refused_says_so_and_the_serving_config_stays()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        using var busy = BlockLane(rig);

        var valid = PostAsync(rig, Configs.Weighted("round-robin", 5, 1), "alice");
        await WaitingAsync(rig, 1);
        var invalid = PostAsync(rig, "clusters: [", "bob");
        await WaitingAsync(rig, 2);
        busy.Set();

        var (validStatus, validBody) = await valid;
        var (invalidStatus, _) = await invalid;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalidStatus);
        Assert.Equal(HttpStatusCode.Conflict, validStatus);
        Assert.Contains("that config was refused", validBody.GetProperty("message").GetString());
        Assert.Equal(1, rig.Server.Gate.Current!.Clusters[0].Destinations[0].Weight);
    }

    /// <summary>Occupies the apply lane (as a long apply would) until the returned event is set.</summary>
    private static ManualResetEventSlim BlockLane(ProxyRig rig)
    {
        var release = new ManualResetEventSlim();
        var running = new ManualResetEventSlim();
        rig.Server.Gate.Lane.Post(() =>
        {
            running.Set();
            release.Wait(Timeout);
        });
        Assert.True(running.Wait(Timeout), "the apply lane did not pick up the blocking item");
        return release;
    }

    private static Task WaitingAsync(ProxyRig rig, int count) =>
        Poll.UntilAsync(() => rig.Server.Gate.PostsWaiting == count, Timeout, $"{count} posted config(s) waiting for the lane");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(ProxyRig rig, string template, string by)
    {
        using var response = await rig.Admin.PostAsync($"/api/config?by={by}", new StringContent(rig.Fill(template), Encoding.UTF8, "application/yaml"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }
}
