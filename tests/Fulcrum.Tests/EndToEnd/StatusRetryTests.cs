using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Fulcrum.Core.Retries;
using Fulcrum.TestBackends;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>
/// Retries of answered 5xx (<c>retry-on: [5xx]</c>) through the real proxy, counted at real Kestrel backends: a
/// destination answering 503 is invisible to GETs, requests that cannot be replayed are not retried, and with every
/// destination failing the retries stay within the budget and the client gets the last attempt's answer.
/// </summary>
public sealed class StatusRetryTests(ITestOutputHelper output)
{
    /// <summary>A backend that answers 503 to every request (no capacity at all).</summary>
    private static readonly TestBackendOptions Answering503 = new() { Capacity = 0 };

    private static string ThreeDestinations(string retries) =>
        Configs.OneCluster("round-robin", "a: { address: \"{a}\" }\nb: { address: \"{b}\" }\nc: { address: \"{c}\" }", clusterExtra: retries);

    private static IReadOnlyList<TestBackendOptions> TwoHealthyAndOneFailing() =>
        [new() { Name = "a" }, new() { Name = "b" }, Answering503 with { Name = "c" }];

    [Fact]
    public async Task With_one_of_three_destinations_answering_503_every_GET_succeeds()
    {
        await using var rig = await ProxyRig.StartAsync(
            ThreeDestinations("retries: { attempts: 2, budget: 50%, per-try-timeout: 2s, retry-on: [connect-failure, reset, 5xx] }"),
            TwoHealthyAndOneFailing(), force: true);
        Assert.True(rig.Server.Registry.TryGet("web", out var cluster));

        var statuses = await rig.SendAsync(1000, parallelism: 8);

        var metrics = rig.Server.Services.GetRequiredService<Fulcrum.Metrics.FulcrumMetrics>();
        var failing = cluster.Balancer.Backends.Single(b => b.Name == "c");
        output.WriteLine($"not 200: {statuses.Count(s => s != 200)}; a={rig["a"].Counters.Ok} b={rig["b"].Counters.Ok} c answered 503 x{rig["c"].Counters.Rejected}");
        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal(1000, rig["a"].Counters.Ok + rig["b"].Counters.Ok);
        // Each try on the failing destination is a request on it, counted as its own (backend) 5xx.
        Assert.True(rig["c"].Counters.Rejected > 0);
        Assert.Equal(rig["c"].Counters.Rejected, (long)metrics.Of(cluster, failing)!.Server5xx.Value);
        Assert.Equal(rig["c"].Counters.Rejected, (long)Scraped.Counter(await rig.Admin.GetStringAsync("/metrics"), "fulcrum_retries_total{cluster=\"web\"}"));
    }

    [Fact]
    public async Task Requests_that_cannot_be_replayed_are_not_retried_on_5xx_and_the_rest_are()
    {
        await using var rig = await ProxyRig.StartAsync(
            ThreeDestinations("retries: { attempts: 2, budget: 100%, retry-on: [5xx] }"),
            TwoHealthyAndOneFailing(), force: true);

        // POST is not idempotent; PUT is, but its body was streamed to the failing destination and is not buffered.
        var post = await SendAsync(rig, 90, () => new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("order") });
        var put = await SendAsync(rig, 90, () => new HttpRequestMessage(HttpMethod.Put, "/") { Content = new StringContent("state") });
        var seenAtFailing = rig["c"].Counters.Rejected;
        output.WriteLine($"POST 503s {post.Count(s => s == 503)}, PUT 503s {put.Count(s => s == 503)}, failing destination saw {seenAtFailing}");
        Assert.Equal(180, rig.Backends.Sum(b => b.Counters.Total));
        Assert.Equal(seenAtFailing, post.Count(s => s == 503) + put.Count(s => s == 503));
        Assert.True(seenAtFailing > 0);

        // DELETE without a body is idempotent and replayable: retried, so none fails.
        var delete = await SendAsync(rig, 90, () => new HttpRequestMessage(HttpMethod.Delete, "/"));
        Assert.All(delete, s => Assert.Equal(200, s));
        Assert.True(rig["c"].Counters.Rejected > seenAtFailing);
    }

    [Fact]
    public async Task With_every_destination_answering_503_retries_stay_within_the_budget_and_the_last_answer_is_returned()
    {
        await using var rig = await ProxyRig.StartAsync(
            ThreeDestinations("retries: { attempts: 2, budget: 20%, per-try-timeout: 2s, retry-on: [gateway-error] }"),
            ProxyRig.Named(3, Answering503), force: true);
        Assert.True(rig.Server.Registry.TryGet("web", out var cluster));

        var started = DateTime.UtcNow;
        const int Requests = 1000;
        var statuses = await rig.SendAsync(Requests, parallelism: 8);
        var elapsed = DateTime.UtcNow - started;

        // Counted at the backends: every try reached one of them.
        var tries = rig.Backends.Sum(b => b.Counters.Rejected);
        var retries = tries - Requests;
        var windows = (int)Math.Ceiling(elapsed.TotalSeconds / RetryBudget.WindowSeconds) + 1;
        var bound = 0.2 * Requests + RetryBudget.DefaultMinPerSecond * RetryBudget.WindowSeconds * windows;
        output.WriteLine($"{Requests} requests, {retries} retries counted at the backends in {elapsed.TotalSeconds:0.0} s; bound {bound}; exhausted {cluster.Retries!.Budget.Exhausted}");
        // The destination's own 503 reaches the client (the last attempt's answer), not a 502 of the proxy's.
        Assert.All(statuses, s => Assert.Equal(503, s));
        await RetryTests.AssertWithinBudgetAsync(rig, cluster, retries, bound);
    }

    private static async Task<int[]> SendAsync(ProxyRig rig, int count, Func<HttpRequestMessage> request)
    {
        var statuses = new int[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await rig.Client.SendAsync(request());
            statuses[i] = (int)response.StatusCode;
        }
        return statuses;
    }
}
