using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>A bad config on reload is refused and the running one keeps serving, with no failed request.</summary>
public sealed class HotReloadTests
{
    [Fact]
    public async Task Invalid_file_on_reload_is_refused_while_traffic_keeps_flowing_then_a_valid_one_applies()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1, 1), ProxyRig.Named(3));
        var refused = 0;
        rig.Server.Gate.Refused += (_, _, _) => Interlocked.Increment(ref refused);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var failures = 0;
        var sent = 0;
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && sent < 20_000)
            {
                var statuses = await rig.SendAsync(20, parallelism: 4);
                sent += statuses.Length;
                failures += statuses.Count(s => s != 200);
            }
        });

        await rig.RewriteConfigAsync("clusters:\n  web: [this is: not valid\n");
        await Poll.UntilAsync(() => Volatile.Read(ref refused) > 0, TimeSpan.FromSeconds(10), "the invalid config to be refused");
        var servedDuringRefusal = sent;

        await rig.RewriteConfigAsync(Configs.Weighted("round-robin", 1, 1, 0));
        await Poll.UntilAsync(() => rig.Server.Gate.Current!.Clusters[0].Destinations[2].Weight == 0, TimeSpan.FromSeconds(10), "the valid config to apply");
        await Poll.UntilAsync(() => sent > servedDuringRefusal + 200, TimeSpan.FromSeconds(10), "traffic after the reload");
        var cAfterApply = rig["c"].Counters.Total;
        var sentAfterApply = sent;
        await Poll.UntilAsync(() => sent > sentAfterApply + 300, TimeSpan.FromSeconds(10), "more traffic");
        stop.Cancel();
        await traffic;

        Assert.Equal(0, failures);
        Assert.True(sent > 500, $"only {sent} requests went through");
        // Drained: nothing new reaches c once weight 0 applied (a request already in flight may finish).
        Assert.InRange(rig["c"].Counters.Total - cAfterApply, 0, 4);
        Assert.Equal(1, Volatile.Read(ref refused));
    }

    [Fact]
    public async Task Reload_that_changes_receivers_applies_the_rest_and_journals_that_receivers_wait_for_a_restart()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));

        await rig.RewriteConfigAsync(Configs.Weighted("round-robin", 2, 1) + "\nalerts:\n  receivers:\n    oncall: { webhook: \"http://127.0.0.1:9/hook\" }\n");

        await Poll.UntilAsync(async () => (await rig.Admin.GetStringAsync("/api/events?since=0")).Contains("config.restart-needed", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the restart-needed event");
        Assert.Equal(2, rig.Server.Gate.Current!.Clusters[0].Destinations[0].Weight);
        Assert.Contains("alerts.receivers", await rig.Admin.GetStringAsync("/api/events?since=0"), StringComparison.Ordinal);
    }
}
