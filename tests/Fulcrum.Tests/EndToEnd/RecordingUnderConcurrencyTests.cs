using System.Net.Sockets;
using System.Text;
using Fulcrum.Metrics;
using Fulcrum.Tests.Support;
using Fulcrum.TestBackends;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>
/// Fulcrum records each request where YARP forwards it (<c>RequestRecorder</c> wraps the forwarder, with a pooled
/// state machine). Whatever the recording reads of the request must be read before the request ends and Kestrel
/// reuses its context for the next request on the connection: these tests drive many concurrent requests over
/// kept-alive connections, with 5xx answers, retries, refused connections and clients hanging up, and compare what
/// Fulcrum recorded per destination with what each backend counted, exactly; every in-flight count returns to 0.
/// </summary>
public sealed class RecordingUnderConcurrencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_try_is_recorded_once_with_its_own_status_on_its_destination()
    {
        var dead = RetryTests.ClosedPort();
        var config = Configs.OneCluster("least-requests",
            $"a: {{ address: \"{{a}}\" }}\nb: {{ address: \"{{b}}\" }}\nc: {{ address: \"{{c}}\" }}\nd: {{ address: \"http://127.0.0.1:{dead}\" }}",
            clusterExtra: "retries: { attempts: 2, budget: 100%, per-try-timeout: 5s, retry-on: [connect-failure, 5xx] }");
        var backends = ProxyRig.Named(3, new TestBackendOptions { Latency = TimeSpan.FromMilliseconds(1) });
        await using var rig = await ProxyRig.StartAsync(config, backends, force: true);
        rig["a"].FailRate = 0.3;
        rig["b"].FailRate = 0.05;
        Assert.True(rig.Server.Registry.TryGet("web", out var cluster));
        var metrics = rig.Server.Services.GetRequiredService<FulcrumMetrics>();

        const int Requests = 3000;
        var statuses = await SendOnKeptAliveConnectionsAsync(rig.Server.ProxyAddress, Requests, parallelism: 64, connections: 16);

        await Poll.UntilAsync(() => cluster.Balancer.Backends.All(b => b.InFlight == 0), TimeSpan.FromSeconds(30), "every in-flight count back to 0");
        var recorded = cluster.Balancer.Backends.ToDictionary(b => b.Name, b => metrics.Of(cluster, b)!);
        foreach (var name in new[] { "a", "b", "c" })
        {
            var served = rig[name].Counters;
            output.WriteLine($"{name}: backend ok {served.Ok}, 500 {served.Failed}; recorded 2xx {recorded[name].Ok2xx.Value}, 5xx {recorded[name].Server5xx.Value}, transport {recorded[name].TransportError.Value}");
            Assert.Equal(served.Ok, (long)recorded[name].Ok2xx.Value);
            Assert.Equal(served.Failed, (long)recorded[name].Server5xx.Value);
            Assert.Equal(0, recorded[name].TransportError.Value);
            Assert.Equal(0, recorded[name].ClientFault.Value);
        }
        var retries = (long)Scraped.Counter(await rig.Admin.GetStringAsync("/metrics"), "fulcrum_retries_total{cluster=\"web\"}");
        var tries = recorded.Values.Sum(m => (long)(m.Ok2xx.Value + m.Server5xx.Value + m.TransportError.Value));
        output.WriteLine($"d: transport {recorded["d"].TransportError.Value}; retries {retries}; tries {tries}; client saw 200: {statuses.Count(s => s == 200)}, 500: {statuses.Count(s => s == 500)}, other: {statuses.Count(s => s is not 200 and not 500)}");
        Assert.All(statuses, s => Assert.True(s is 200 or 500 or 502, $"status {s}"));
        Assert.True(recorded["d"].TransportError.Value > 0, "tries on the refusing destination are its requests");
        Assert.True(retries > 0);
        Assert.Equal(Requests + retries, tries);
        // What the client got is the last try's answer: as many 200s as the backends served.
        Assert.Equal(statuses.Count(s => s == 200), new[] { "a", "b", "c" }.Sum(n => rig[n].Counters.Ok));
        Assert.Equal(0, cluster.Balancer.Backends[0].Cluster.Count);
    }

    [Fact]
    public async Task Requests_whose_clients_hang_up_on_kept_alive_connections_are_recorded_as_client_closed_on_their_destination()
    {
        var config = Configs.OneCluster("round-robin", "a: { address: \"{a}\" }\nb: { address: \"{b}\" }");
        await using var rig = await ProxyRig.StartAsync(config, ProxyRig.Named(2, new TestBackendOptions { Latency = TimeSpan.FromMilliseconds(1) }), force: true);
        Assert.True(rig.Server.Registry.TryGet("web", out var cluster));
        var metrics = rig.Server.Services.GetRequiredService<FulcrumMetrics>();
        var address = rig.Server.ProxyAddress;

        // Each connection first completes a request (so the next one reuses its context), then sends one that the
        // backends hold until the client has hung up.
        const int Connections = 24;
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < Connections; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                await socket.ConnectAsync(address.Host, address.Port);
                await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /first HTTP/1.1\r\nHost: {address.Authority}\r\n\r\n"));
                Assert.StartsWith("HTTP/1.1 200", await ReadResponseHeadAsync(socket));
            }
            foreach (var backend in rig.Backends)
            {
                backend.Slowdown = 60_000;
            }
            foreach (var socket in sockets)
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /held HTTP/1.1\r\nHost: {address.Authority}\r\n\r\n"));
            }
            await Poll.UntilAsync(() => rig.Backends.Sum(b => b.Counters.InServer) == Connections, TimeSpan.FromSeconds(30), "every held request in a backend");
            var held = rig.Backends.ToDictionary(b => b.Name, b => b.Counters.InServer);
            Assert.Equal(Connections, cluster.Balancer.Backends.Sum(b => b.InFlight));
            foreach (var socket in sockets)
            {
                socket.Close(timeout: 0);
            }

            await Poll.UntilAsync(() => cluster.Balancer.Backends.All(b => b.InFlight == 0), TimeSpan.FromSeconds(30), "every in-flight count back to 0");
            foreach (var backend in cluster.Balancer.Backends)
            {
                var recorded = metrics.Of(cluster, backend)!;
                var served = rig[backend.Name].Counters;
                output.WriteLine($"{backend.Name}: held {held[backend.Name]}, served {served.Ok}; recorded client fault {recorded.ClientFault.Value}, 4xx {recorded.Client4xx.Value}, 2xx {recorded.Ok2xx.Value}, backend fault {recorded.BackendFault.Value}");
                Assert.Equal(held[backend.Name], (long)recorded.ClientFault.Value);
                Assert.Equal(held[backend.Name], (long)recorded.Client4xx.Value);
                Assert.Equal(served.Ok, (long)recorded.Ok2xx.Value);
                Assert.Equal(0, recorded.BackendFault.Value);
                Assert.Equal(0, recorded.Server5xx.Value);
            }
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    /// <summary>GETs from <paramref name="parallelism"/> workers over at most <paramref name="connections"/> kept-alive connections.</summary>
    private static async Task<int[]> SendOnKeptAliveConnectionsAsync(Uri address, int count, int parallelism, int connections)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var statuses = new int[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var response = await client.GetAsync($"/r{i}");
                statuses[i] = (int)response.StatusCode;
            }
        }));
        return statuses;
    }

    private static async Task<string> ReadResponseHeadAsync(Socket socket)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // The backend's answer has a Content-Length body; read until the head and that many bytes are in.
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.True(read > 0, "the proxy closed the connection");
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var text = received.ToString();
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && text.Length - end - 4 >= ContentLength(text[..end]))
            {
                return text;
            }
        }
    }

    private static int ContentLength(string head) =>
        head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).First();
}
