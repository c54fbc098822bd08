using System.Net;
using System.Net.WebSockets;
using Fulcrum.Operations;
using Fulcrum.Proxy;
using Fulcrum.TestBackends;
using Fulcrum.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>
/// The "ejection attack" (docs/whose-fault.md): clients that hang up, uploads over the proxy's body limit and
/// WebSocket sessions must not make healthy destinations look sick — no ejection, no error, no alert.
/// </summary>
public sealed class EjectionAttackTests(ITestOutputHelper output)
{
    private const string Passive = """
        health:
          passive: { consecutive-failures: 3, ejection: 30s, max-ejected-percent: 100 }
        """;

    private const string Alerts = """
        fairness: { min-requests: 20 }
        alerts:
          error-rate: { threshold: 0.01, for: 0s }
        """;

    // Kestrel's default MaxRequestBodySize is 30,000,000 bytes; the proxy refuses anything declared larger.
    // Over the proxy's default limit (limits.request-body: 30MB = 31,457,280 bytes), so the proxy refuses it by its
    // declared length before any byte reaches a backend.
    private const long OversizedBody = 32L * 1024 * 1024;

    [Fact]
    public async Task Client_aborts_oversized_uploads_and_websockets_eject_nobody_and_count_no_backend_error()
    {
        var config = Configs.OneCluster("round-robin", "a: { address: \"{a}\" }\nb: { address: \"{b}\" }\nc: { address: \"{c}\" }",
            extra: Alerts, clusterExtra: Passive);
        await using var rig = await ProxyRig.StartAsync(config, ProxyRig.Named(3, new TestBackendOptions { Latency = TimeSpan.FromMilliseconds(100) }), force: true);
        Assert.True(rig.Server.Registry.TryGet("web", out var cluster));

        var aborted = await AbortMidRequestAsync(rig, 200);
        var refused = await UploadOversizedAsync(rig, 50);
        var sessions = await RunWebSocketsAsync(rig, 50);
        output.WriteLine($"client aborts seen by the client: {aborted}/200; uploads refused: {refused}/50; websocket echoes: {sessions}/50");
        Assert.Equal(200, aborted);
        Assert.Equal(50, sessions);

        // Every request the proxy started has been recorded once nothing is in flight any more.
        await Poll.UntilAsync(() => cluster.Balancer.Backends.All(b => b.InFlight == 0), TimeSpan.FromSeconds(30), "in-flight requests to drain");

        var runtime = rig.Server.Services.GetRequiredService<FulcrumRuntime>();
        var metrics = cluster.Balancer.Backends.Select(b => rig.Server.Services.GetRequiredService<Fulcrum.Metrics.FulcrumMetrics>().Of(cluster, b)!).ToArray();
        long client = 0, proxy = 0;
        foreach (var backend in cluster.Balancer.Backends)
        {
            var slot = metrics[backend.Index];
            output.WriteLine($"{backend.Name}: client {slot.ClientFault.Value}, proxy {slot.ProxyFault.Value}, backend {slot.BackendFault.Value}, ejected {backend.Ejected}");
            Assert.False(backend.Ejected, $"{backend.Name} must not be ejected");
            Assert.Equal(0, slot.BackendFault.Value);
            Assert.Equal(0, slot.Server5xx.Value + slot.TransportError.Value);
            client += (long)slot.ClientFault.Value;
            proxy += (long)slot.ProxyFault.Value;
        }
        Assert.True(client >= 100, $"client aborts must be counted as client outcomes (saw {client})");
        // The proxy refuses a declared length over its limit before routing (edge LimitResponses), so no destination
        // is involved at all; one that slips past the check and fails mid-body counts as the proxy's, never a backend's.
        Assert.Equal(50, refused);
        output.WriteLine($"proxy outcomes on destinations: {proxy}");

        var snapshot = runtime.Monitor.Snapshot().Single(c => c.Name == "web");
        output.WriteLine($"window: {snapshot.WindowRequests} requests, {snapshot.WindowErrors} errors");
        Assert.Equal(0, snapshot.WindowErrors);
        Assert.All(snapshot.Destinations, d => Assert.Equal(0, d.Errors));

        runtime.Alerts.Evaluate();
        Assert.DoesNotContain(runtime.Alerts.Engine.Alerts, a => a.IsFiring);
    }

    /// <summary>Each GET is cancelled by the client 10–90 ms in, while the backend still works on it (100 ms).</summary>
    private static async Task<int> AbortMidRequestAsync(ProxyRig rig, int count)
    {
        var aborted = 0;
        var next = -1;
        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(10 + i % 80));
                try
                {
                    using var response = await rig.Client.GetAsync("/", cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref aborted);
                }
            }
        });
        await Task.WhenAll(workers);
        return aborted;
    }

    /// <summary>POSTs declaring a body over the limit; the proxy answers 413 or drops the connection.</summary>
    private static async Task<int> UploadOversizedAsync(ProxyRig rig, int count)
    {
        var refused = 0;
        var next = -1;
        var workers = Enumerable.Range(0, 4).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    using var content = new EndlessContent(OversizedBody);
                    using var response = await rig.Client.PostAsync("/upload", content, cancel.Token);
                    if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    // The proxy closed the connection while the client was still sending: refused all the same.
                    Interlocked.Increment(ref refused);
                }
            }
        });
        await Task.WhenAll(workers);
        return refused;
    }

    /// <summary>Real WebSocket sessions through the proxy: half close normally, half are aborted by the client.</summary>
    private static async Task<int> RunWebSocketsAsync(ProxyRig rig, int count)
    {
        var echoed = 0;
        var address = new UriBuilder(rig.Server.ProxyAddress) { Scheme = "ws", Path = "/ws" }.Uri;
        var message = "ping"u8.ToArray();
        for (var i = 0; i < count; i++)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(address, cancel.Token);
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancel.Token);
            var buffer = new byte[64];
            var received = await socket.ReceiveAsync(buffer, cancel.Token);
            if (buffer.AsSpan(0, received.Count).SequenceEqual(message))
            {
                echoed++;
            }
            if (i % 2 == 0)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancel.Token);
            }
            else
            {
                socket.Abort();
            }
        }
        return echoed;
    }

    /// <summary>A body of the declared length, produced 64 KB at a time so nothing large is held in memory.</summary>
    private sealed class EndlessContent : HttpContent
    {
        private static readonly byte[] Chunk = new byte[64 * 1024];
        private readonly long _length;

        public EndlessContent(long length)
        {
            _length = length;
            Headers.ContentLength = length;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (long sent = 0; sent < _length; sent += Chunk.Length)
            {
                await stream.WriteAsync(Chunk.AsMemory(0, (int)Math.Min(Chunk.Length, _length - sent)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }
}
