using System.Net;
using System.Text;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.Reload;

/// <summary>
/// <c>POST /api/config</c> applies on the gate's low-priority lane, as reloads do: its audit (a simulation per changed
/// cluster) and YARP's rebuild neither hold a request-pool thread nor run at request priority, and applies from the
/// file, SIGHUP and the admin API run one at a time.
/// </summary>
public sealed class PostedConfigLaneTests
{
    [Fact]
    public async Task A_posted_config_is_audited_on_the_apply_lane_not_on_the_request_thread()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        var refusedOn = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Server.Gate.Refused += (_, _, _) => refusedOn.TrySetResult(Thread.CurrentThread.Name);
        // FUL001 (the same backend twice) is an error-level finding: the gate refuses it, on whatever thread applies.
        var biased = Configs.OneCluster("round-robin", "a: { address: \"{a}\" }\nb: { address: \"{a}\" }");

        using var refused = await rig.Admin.PostAsync("/api/config", new StringContent(rig.Fill(biased), Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("fulcrum-apply", await refusedOn.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        using var applied = await rig.Admin.PostAsync("/api/config",
            new StringContent(rig.Fill(Configs.Weighted("round-robin", 2, 1)), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(2, rig.Server.Gate.Current!.Clusters[0].Destinations[0].Weight);
    }

    [Fact]
    public async Task The_apply_lane_returns_results_and_exceptions_to_the_awaiting_caller()
    {
        using var lane = new Fulcrum.Hosting.BackgroundLane("test-lane");

        Assert.Equal("test-lane", await lane.RunAsync(() => Thread.CurrentThread.Name).WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => lane.RunAsync<int>(() => throw new InvalidOperationException("boom")));
        lane.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => lane.RunAsync(() => 1));
    }
}
