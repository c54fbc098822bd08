using System.Text.Json;
using Fulcrum.Core.Config;
using Fulcrum.Proxy;
using Fulcrum.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>
/// <c>peak-ewma: { choices, parallelism }</c> in fulcrum.yaml reaches the live balancer and the fairness judge, not
/// only the simulator and the audit. It once did not (the YAML → YARP metadata → Fulcrum trip dropped it): the real
/// proxy ran the defaults and the heterogeneous load bench gave the slow backend 20.7 % where the simulation of the
/// setting gave 0.6 % (bench/RESULTS.md, branch hetero4).
/// </summary>
public sealed class PeakEwmaSettingsLiveTests
{
    [Fact]
    public async Task The_settings_reach_the_serving_balancer_and_the_promise_it_is_judged_on()
    {
        await using var rig = await ProxyRig.StartAsync(
            Configs.OneCluster("peak-ewma", "a: { address: \"{a}\" }\nb: { address: \"{b}\" }\nc: { address: \"{c}\" }",
                clusterExtra: "peak-ewma: { choices: 3, parallelism: 16 }"),
            ProxyRig.Named(3));

        var statuses = await rig.SendAsync(30, parallelism: 3);

        Assert.All(statuses, s => Assert.Equal(200, s));
        var registry = rig.Server.Services.GetRequiredService<ClusterRegistry>();
        Assert.True(registry.TryGet("web", out var web));
        Assert.Equal(new PeakEwmaConfig(3, 16), web.Balancer.Config.PeakEwma);
        using var clusters = JsonDocument.Parse(await rig.Admin.GetStringAsync("/api/clusters"));
        var promise = clusters.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "web").GetProperty("promise").GetString();
        Assert.Contains("(in-flight + 16)", promise, StringComparison.Ordinal);
    }
}
