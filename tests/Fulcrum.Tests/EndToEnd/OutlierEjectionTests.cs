using System.Text.Json;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>Passive outlier ejection through the real proxy: 5xx count (unlike YARP's own policy), the cap holds, return ramps.</summary>
public sealed class OutlierEjectionTests(ITestOutputHelper output)
{
    private const string Passive = """
        health:
          passive: { consecutive-failures: 3, ejection: 2s, max-ejected-percent: 34 }
        slow-start: 4s
        """;

    [Fact]
    public async Task Failing_backend_is_ejected_at_the_threshold_within_the_cap_and_returns_through_slow_start()
    {
        var config = Configs.OneCluster("round-robin", "a: { address: \"{a}\" }\nb: { address: \"{b}\" }\nc: { address: \"{c}\" }", clusterExtra: Passive);
        await using var rig = await ProxyRig.StartAsync(config, ProxyRig.Named(3), force: true);
        Assert.True(rig.Server.Registry.TryGet("web", out var cluster));
        var backends = cluster.Balancer.Backends;
        // Two backends fail every request (like `fulcrum backend --fail-rate 1`); 34 % of 3 allows one ejection.
        rig["b"].FailRate = 1;
        rig["c"].FailRate = 1;

        var maxEjected = 0;
        for (var i = 0; i < 60; i++)
        {
            using var response = await rig.Client.GetAsync("/");
            maxEjected = Math.Max(maxEjected, backends.Count(b => b.Ejected));
        }
        var ejected = backends.Single(b => b.Ejected);
        var ejectedBackend = rig[ejected.Name];
        output.WriteLine($"ejected {ejected.Name} after {ejectedBackend.Counters.Failed} failures; max ejected at once: {maxEjected}");
        Assert.Equal(1, maxEjected);
        Assert.Equal(3, ejectedBackend.Counters.Failed);

        rig["b"].FailRate = 0;
        rig["c"].FailRate = 0;
        await Poll.UntilAsync(() =>
        {
            cluster.Balancer.Tick(cluster.Balancer.NowTicks());
            return !ejected.Ejected;
        }, TimeSpan.FromSeconds(10), $"{ejected.Name} to return");
        Assert.True(ejected.IsRamping(cluster.Balancer.NowTicks()), "a returning destination must ramp up through slow start");

        var before = ejectedBackend.Counters.Ok;
        await rig.SendAsync(300, parallelism: 4);
        var rampShare = (ejectedBackend.Counters.Ok - before) / 300.0;
        output.WriteLine($"{ejected.Name} got {rampShare:P1} of 300 requests while ramping (a third when warm)");
        Assert.InRange(rampShare, 0.01, 0.30);

        await rig.Server.Journal.FlushAsync();
        using var events = JsonDocument.Parse(await rig.Admin.GetStringAsync("/api/events?since=0"));
        var kinds = events.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("destination").GetString() == ejected.Name)
            .Select(e => e.GetProperty("kind").GetString()).ToArray();
        Assert.Contains("destination.ejected", kinds);
        Assert.Contains("destination.returned", kinds);
    }
}
