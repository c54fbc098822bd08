using Microsoft.Extensions.DependencyInjection;
using System.Net.Sockets;
using Fulcrum.Core.Retries;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>Fair retries through the real proxy: a dead destination is invisible to clients; an outage is not amplified.</summary>
public sealed class RetryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_one_of_three_destinations_refusing_connections_every_GET_succeeds()
    {
        var dead = ClosedPort();
        var config = Configs.OneCluster("round-robin",
            $"a: {{ address: \"{{a}}\" }}\nb: {{ address: \"{{b}}\" }}\nc: {{ address: \"http://127.0.0.1:{dead}\" }}",
            clusterExtra: "retries: { attempts: 2, budget: 50%, per-try-timeout: 2s, methods: idempotent }");
        await using var rig = await ProxyRig.StartAsync(config, ProxyRig.Named(2), force: true);
        Assert.True(rig.Server.Registry.TryGet("web", out var cluster));

        var statuses = await rig.SendAsync(1000, parallelism: 8);

        var failed = statuses.Count(s => s != 200);
        var metrics = cluster.Balancer.Backends.Select(b => rig.Server.Services.GetRequiredService<Fulcrum.Metrics.FulcrumMetrics>().Of(cluster, b)!).ToArray();
        var tries = cluster.Balancer.Backends.ToDictionary(b => b.Name, b => metrics[b.Index].Ok2xx.Value + metrics[b.Index].TransportError.Value + metrics[b.Index].Server5xx.Value);
        output.WriteLine($"failed: {failed}; tries per destination: {string.Join(", ", tries.Select(t => $"{t.Key}={t.Value}"))}");
        Assert.Equal(0, failed);
        Assert.Equal(1000, rig["a"].Counters.Ok + rig["b"].Counters.Ok);
        // Each try on the dead destination is a request on it, counted as its error: it does not look idle.
        Assert.True(metrics[cluster.Balancer.Backends.Single(b => b.Name == "c").Index].TransportError.Value > 0);
    }

    [Fact]
    public async Task With_every_destination_refusing_connections_retries_stay_within_the_budget()
    {
        var config = Configs.OneCluster("round-robin",
            $"a: {{ address: \"http://127.0.0.1:{ClosedPort()}\" }}\nb: {{ address: \"http://127.0.0.1:{ClosedPort()}\" }}\nc: {{ address: \"http://127.0.0.1:{ClosedPort()}\" }}",
            clusterExtra: "retries: { attempts: 2, budget: 20%, per-try-timeout: 2s }");
        await using var rig = await ProxyRig.StartAsync(config, [], force: true);
        Assert.True(rig.Server.Registry.TryGet("web", out var cluster));

        var started = DateTime.UtcNow;
        const int Requests = 1000;
        var statuses = await rig.SendAsync(Requests, parallelism: 8);
        var elapsed = DateTime.UtcNow - started;

        var metrics = cluster.Balancer.Backends.Select(b => rig.Server.Services.GetRequiredService<Fulcrum.Metrics.FulcrumMetrics>().Of(cluster, b)!).ToArray();
        var tries = cluster.Balancer.Backends.Sum(b => metrics[b.Index].TransportError.Value + metrics[b.Index].Server5xx.Value + metrics[b.Index].Ok2xx.Value);
        var retries = (long)tries - Requests;
        // Every window of 10 s allows 20 % of its requests plus 5/s; the run spans at most this many windows.
        var windows = (int)Math.Ceiling(elapsed.TotalSeconds / RetryBudget.WindowSeconds) + 1;
        var bound = 0.2 * Requests + RetryBudget.DefaultMinPerSecond * RetryBudget.WindowSeconds * windows;
        output.WriteLine($"{Requests} requests, {retries} retries in {elapsed.TotalSeconds:0.0} s; bound {bound}; exhausted {cluster.Retries!.Budget.Exhausted}");
        Assert.All(statuses, s => Assert.Equal(502, s));
        await AssertWithinBudgetAsync(rig, cluster, retries, bound);
    }

    /// <summary>At least one retry, no more than the budget allows, refusals counted, and the metric agrees.</summary>
    internal static async Task AssertWithinBudgetAsync(ProxyRig rig, Fulcrum.Proxy.ClusterRuntime cluster, long retries, double bound)
    {
        Assert.InRange(retries, 1, (long)bound);
        Assert.True(cluster.Retries!.Budget.Exhausted > 0, "the budget must have refused retries");
        Assert.Equal(retries, (long)Scraped.Counter(await rig.Admin.GetStringAsync("/metrics"), "fulcrum_retries_total{cluster=\"web\"}"));
    }

    /// <summary>A loopback port nobody listens on: bound, then released.</summary>
    internal static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
