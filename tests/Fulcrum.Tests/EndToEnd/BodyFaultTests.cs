using Fulcrum.Metrics;
using Fulcrum.Operations;
using Fulcrum.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>
/// Whose fault a body failure is, through the real proxy (docs/whose-fault.md). An upload that outgrows
/// <c>limits.request-body</c> while the proxy is already streaming it to a backend (chunked, so no declared length
/// lets the proxy refuse it up front) is the proxy's: 50 of them eject nobody and count no backend error. A backend that resets in the middle of its response body is
/// the backend's: it is counted and ejected, and its healthy peer is not.
/// </summary>
public sealed class BodyFaultTests(ITestOutputHelper output)
{
    private const string Passive = """
        health:
          passive: { consecutive-failures: 3, ejection: 30s, max-ejected-percent: 100 }
        """;

    private const string Limits = "fairness: { min-requests: 20 }\nalerts:\n  error-rate: { threshold: 0.01, for: 0s }\nlimits: { request-body: 64KB }";

    [Fact]
    public async Task Uploads_over_the_limit_mid_stream_are_the_proxys_and_never_count_against_the_backend()
    {
        await using var a = await StreamingBackend.StartAsync();
        await using var b = await StreamingBackend.StartAsync();
        var config = Configs.OneCluster("round-robin", $"a: {{ address: \"{a.Address}\" }}\nb: {{ address: \"{b.Address}\" }}", extra: Limits, clusterExtra: Passive);
        await using var rig = await ProxyRig.StartAsync(config, [], force: true);
        Assert.True(rig.Server.Registry.TryGet("web", out var cluster));

        // Half go to a backend that reads the whole upload first, half to one that answers before reading anything.
        // (Over HTTP/1.1 the proxy's HTTP client sends the whole body before it reads an answer, so the limit is
        // hit before the answer comes back; the classifier's rule for that race is checked in FaultClassifierTests.)
        var answers = new Dictionary<string, int>();
        for (var i = 0; i < 50; i++)
        {
            var answer = await UploadChunkedAsync(rig.Client, i % 2 == 0 ? "/upload" : "/echo", 1024 * 1024);
            answers[answer] = answers.GetValueOrDefault(answer) + 1;
        }
        output.WriteLine("client saw: " + string.Join(", ", answers.Select(p => $"{p.Key} x{p.Value}")));
        output.WriteLine($"uploads the backends began to read: a {a.UploadsStarted}, b {b.UploadsStarted}");
        Assert.DoesNotContain("200 complete", answers.Keys);
        // The proxy had forwarded them: the backends were reading when the limit cut the upload. (One whose reset
        // reached a backend before its headers were read never started there; most do.)
        Assert.True(a.UploadsStarted + b.UploadsStarted >= 25, "the uploads must reach the backends before the limit cuts them");

        var metrics = rig.Server.Services.GetRequiredService<FulcrumMetrics>();
        var slots = cluster.Balancer.Backends.Select(d => metrics.Of(cluster, d)!).ToArray();
        // A request leaves InFlight just before its outcome is recorded: wait for all 50 outcomes themselves.
        await Poll.UntilAsync(() => slots.Sum(s => s.Ok2xx.Value + s.Redirect3xx.Value + s.Client4xx.Value + s.Server5xx.Value + s.TransportError.Value) >= 50,
            TimeSpan.FromSeconds(30), "the 50 uploads' outcomes to be recorded");
        double proxy = 0;
        foreach (var backend in cluster.Balancer.Backends)
        {
            var slot = metrics.Of(cluster, backend)!;
            output.WriteLine($"{backend.Name}: proxy {slot.ProxyFault.Value}, client {slot.ClientFault.Value}, backend {slot.BackendFault.Value}, ejected {backend.Ejected}");
            Assert.False(backend.Ejected, $"{backend.Name} must not be ejected");
            Assert.Equal(0, slot.BackendFault.Value);
            Assert.Equal(0, slot.Server5xx.Value + slot.TransportError.Value);
            proxy += slot.ProxyFault.Value;
        }
        Assert.Equal(50, proxy);

        var runtime = rig.Server.Services.GetRequiredService<FulcrumRuntime>();
        Assert.Equal(0, runtime.Monitor.Snapshot().Single(c => c.Name == "web").WindowErrors);
        runtime.Alerts.Evaluate();
        Assert.DoesNotContain(runtime.Alerts.Engine.Alerts, alert => alert.IsFiring);
    }

    [Fact]
    public async Task A_backend_that_resets_mid_response_is_counted_and_ejected_and_its_peer_is_not()
    {
        await using var cutting = await StreamingBackend.StartAsync();
        await using var healthy = await StreamingBackend.StartAsync();
        healthy.CutsResponses = false;
        var config = Configs.OneCluster("round-robin", $"a: {{ address: \"{cutting.Address}\" }}\nb: {{ address: \"{healthy.Address}\" }}", clusterExtra: Passive);
        await using var rig = await ProxyRig.StartAsync(config, [], force: true);
        Assert.True(rig.Server.Registry.TryGet("web", out var cluster));
        var a = cluster.Balancer.Backends.Single(d => d.Name == "a");
        var b = cluster.Balancer.Backends.Single(d => d.Name == "b");

        var cut = 0;
        for (var i = 0; i < 12; i++)
        {
            try
            {
                using var response = await rig.Client.GetAsync("/cut");
                await response.Content.ReadAsByteArrayAsync();
            }
            catch (HttpRequestException)
            {
                cut++;
            }
        }
        output.WriteLine($"responses cut off: {cut}/12");
        Assert.True(cut >= 3, $"a cut its responses off; the client saw {cut}");

        var metrics = rig.Server.Services.GetRequiredService<FulcrumMetrics>();
        var (slotA, slotB) = (metrics.Of(cluster, a)!, metrics.Of(cluster, b)!);
        // A request leaves InFlight just before its outcome is recorded: wait for the outcomes themselves.
        await Poll.UntilAsync(() => slotA.Ok2xx.Value + slotA.Client4xx.Value + slotA.Server5xx.Value + slotA.TransportError.Value >= cut, TimeSpan.FromSeconds(30), "a's outcomes to be recorded");
        output.WriteLine($"a: backend {slotA.BackendFault.Value}, client {slotA.ClientFault.Value}, ejected {a.Ejected}; b: backend {slotB.BackendFault.Value}, ejected {b.Ejected}");
        Assert.Equal(cut, slotA.BackendFault.Value);
        Assert.Equal(0, slotA.ClientFault.Value);
        Assert.True(a.Ejected, "a cut its responses off and must be ejected");
        Assert.False(b.Ejected);
        Assert.Equal(0, slotB.BackendFault.Value);
    }

    /// <summary>POSTs a chunked body of <paramref name="bytes"/>; what the client saw: a status, "200 complete" for a full echo, or "reset".</summary>
    private static async Task<string> UploadChunkedAsync(HttpClient client, string path, int bytes)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StreamContent(new MemoryStream(new byte[bytes])) };
        request.Headers.TransferEncodingChunked = true;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            var body = await response.Content.ReadAsByteArrayAsync(cancel.Token);
            return (int)response.StatusCode + (body.Length >= bytes ? " complete" : "");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "reset";
        }
    }
}
