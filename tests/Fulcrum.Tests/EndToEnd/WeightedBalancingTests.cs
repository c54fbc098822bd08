using Fulcrum.Tests.Support;
using Fulcrum.TestBackends;
using Xunit.Abstractions;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>Issue 2 acceptance through the real proxy to real Kestrel backends on 127.0.0.1.</summary>
public sealed class WeightedBalancingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Round_robin_with_weights_5_1_1_splits_7000_requests_exactly()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 5, 1, 1), ProxyRig.Named(3));

        var statuses = await rig.SendAsync(7000, parallelism: 8);

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal(5000, rig["a"].Counters.Ok);
        Assert.Equal(1000, rig["b"].Counters.Ok);
        Assert.Equal(1000, rig["c"].Counters.Ok);
    }

    [Theory]
    [InlineData("round-robin")]
    [InlineData("random")]
    [InlineData("least-requests")]
    [InlineData("power-of-two")]
    public async Task Weight_zero_gets_no_request(string policy)
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted(policy, 1, 1, 0), ProxyRig.Named(3), force: true);

        var statuses = await rig.SendAsync(600, parallelism: 8);

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal(0, rig["c"].Counters.Total);
        Assert.True(rig["a"].Counters.Ok > 0 && rig["b"].Counters.Ok > 0);
    }

    [Theory]
    [InlineData("least-requests", 1.0, true)]
    [InlineData("power-of-two", 3.0, true)]
    [InlineData("round-robin", 1.0, false)]
    public async Task Load_aware_policies_keep_in_flight_per_weight_close(string policy, double bound, bool loadAware)
    {
        // c answers three times slower: a policy blind to in-flight (the round-robin control) piles requests on it.
        var shape = new TestBackendOptions { Latency = TimeSpan.FromMilliseconds(15) };
        var options = ProxyRig.Named(3, shape).Select(b => b.Name == "c" ? b with { Latency = TimeSpan.FromMilliseconds(45) } : b).ToArray();
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted(policy, 2, 1, 1), options, force: true);
        Assert.True(rig.Server.Registry.TryGet("web", out var cluster));
        var backends = cluster.Balancer.Backends;

        var spreads = new List<double>();
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var perWeight = backends.Select(b => (double)b.InFlight / b.Weight).ToArray();
                if (perWeight.Sum() >= 8)
                {
                    spreads.Add(perWeight.Max() - perWeight.Min());
                }
                await Task.Delay(3);
            }
        });
        var statuses = await rig.SendAsync(3000, parallelism: 24);
        stop.Cancel();
        await sampler;

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.True(spreads.Count > 50, $"too few samples under load ({spreads.Count})");
        var within = spreads.Count(s => s <= bound + 1e-9) / (double)spreads.Count;
        var sorted = spreads.Order().ToArray();
        output.WriteLine($"{policy}: {spreads.Count} samples, in-flight/weight spread p50 {sorted[sorted.Length / 2]:0.##}, p99 {sorted[(int)(sorted.Length * 0.99)]:0.##}, max {sorted[^1]:0.##}; within {bound}: {within:P1}");
        // Pick and in-flight increment are not one atomic step under concurrency, and the sampler reads three
        // counters one after the other, so a sample may catch a request picked but not yet counted. Seen here: the
        // load-aware policies keep 88-99 % of samples within their bound, the round-robin control 2-4 %.
        if (loadAware)
        {
            Assert.True(within >= 0.75, $"{policy}: only {within:P1} of samples within {bound}");
        }
        else
        {
            Assert.True(within < 0.5, $"{policy} (control, blind to in-flight): {within:P1} of samples within {bound}; the test cannot tell policies apart");
        }
    }

    [Fact]
    public async Task First_available_moves_to_the_next_destination_when_the_first_is_marked_down()
    {
        const string health = """
            health:
              active: { path: /health, interval: 100ms, timeout: 80ms, unhealthy-after: 1, healthy-after: 1 }
            """;
        var config = Configs.OneCluster("first-available", "a: { address: \"{a}\" }\nb: { address: \"{b}\" }", clusterExtra: health);
        await using var rig = await ProxyRig.StartAsync(config, ProxyRig.Named(2), force: true);

        await rig.SendAsync(50);
        Assert.Equal(50, rig["a"].Counters.Ok);
        Assert.Equal(0, rig["b"].Counters.Total);

        rig["a"].Healthy = false;
        await Poll.UntilAsync(async () =>
        {
            using var response = await rig.Client.GetAsync("/");
            return response.Headers.TryGetValues("X-Backend", out var values) && values.Single() == "b";
        }, TimeSpan.FromSeconds(10), "traffic to move to b");
        var before = rig["a"].Counters.Ok;

        var statuses = await rig.SendAsync(50);

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal(before, rig["a"].Counters.Ok);
    }
}
