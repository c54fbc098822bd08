using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;
using Grpc.Core;
using Grpc.Net.Client;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// gRPC through Fulcrum to a real gRPC backend, on the cleartext h2c listener and on the TLS listener (h2 by ALPN):
/// unary, server-, client- and bidirectional streaming arrive whole and in order, each call counts as one request
/// that succeeded, and a stream the client cancels is the client's doing, not the backend's.
/// </summary>
public sealed class GrpcThroughProxyTests : IAsyncLifetime
{
    private TestPki _pki = null!;
    private X509Certificate2 _backendCertificate = null!;
    private LoopbackApp _backend = null!;
    private ProxyRig _rig = null!;

    public async Task InitializeAsync()
    {
        _pki = new TestPki(Directory.CreateTempSubdirectory("fulcrum-grpc-").FullName);
        _pki.Issue("shop", ["shop.example"]);
        _pki.Issue("api", ["api.example"]);
        _pki.Issue("grpc", ["grpc.internal"]);
        _backendCertificate = X509Certificate2.CreateFromPemFile(_pki.CertPath("grpc"), _pki.KeyPath("grpc"));
        _backend = await GrpcEchoBackend.StartAsync(_backendCertificate);
        // Listeners in this order: the h2c one, then the TLS one (the admin listener comes last).
        var listen = "listen:\n  - { url: http://127.0.0.1:0, http2: true }\n" + EdgeConfigs.TwoSiteTls(_pki, http2: true)["listen:\n".Length..];
        var template = Configs.OneCluster("round-robin", $"a: {{ address: \"{_backend.Address}\" }}",
                clusterExtra: $"tls: {{ ca: \"{_pki.CaPath}\", sni: grpc.internal }}")
            .Replace("listen: [http://127.0.0.1:0]", listen, StringComparison.Ordinal);
        _rig = await ProxyRig.StartAsync(template, [], force: true);
    }

    public async Task DisposeAsync()
    {
        await _rig.DisposeAsync();
        await _backend.DisposeAsync();
        _backendCertificate.Dispose();
        _pki.Dispose();
    }

    public static TheoryData<bool> Listeners => new() { false, true };

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task Unary_and_every_streaming_shape_arrive_in_order_and_count_as_successes(bool tls)
    {
        using var channel = Channel(tls);
        var calls = channel.CreateCallInvoker();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var options = new CallOptions(cancellationToken: timeout.Token);

        using (var unary = calls.AsyncUnaryCall(GrpcEcho.Unary, null, options, "hello"))
        {
            Assert.Equal("echo: hello", await unary.ResponseAsync);
        }

        var counted = new List<string>();
        using (var count = calls.AsyncServerStreamingCall(GrpcEcho.Count, null, options, "100"))
        {
            await foreach (var message in count.ResponseStream.ReadAllAsync(timeout.Token))
            {
                counted.Add(message);
            }
            Assert.Equal(StatusCode.OK, count.GetStatus().StatusCode);
        }
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), counted);

        using (var join = calls.AsyncClientStreamingCall(GrpcEcho.Join, null, options))
        {
            for (var i = 0; i < 50; i++)
            {
                await join.RequestStream.WriteAsync($"m{i}", timeout.Token);
            }
            await join.RequestStream.CompleteAsync();
            Assert.Equal("50:" + string.Join(',', Enumerable.Range(0, 50).Select(i => $"m{i}")), await join.ResponseAsync);
        }

        var echoed = await GrpcClient.ChatAsync(calls, options, 50, timeout.Token);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"echo: m{i}"), echoed);

        // Four calls, four requests, all of them successes.
        var a = await DestinationAsync(d => d.GetProperty("requests").GetInt64() >= 4);
        Assert.Equal(4, a.GetProperty("requests").GetInt64());
        Assert.Equal(0, a.GetProperty("errors").GetInt64());
        Assert.Equal(0, a.GetProperty("backendFaults").GetInt64());
        Assert.Equal(0, a.GetProperty("clientFaults").GetInt64());
    }

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task A_stream_the_client_cancels_is_the_clients_fault_not_the_backends(bool tls)
    {
        using var channel = Channel(tls);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Up to 1000 messages 10 ms apart: far longer than the client listens.
        using var count = channel.CreateCallInvoker().AsyncServerStreamingCall(GrpcEcho.Count, null, new CallOptions(cancellationToken: cancel.Token), "1000:10");
        for (var i = 0; i < 5; i++)
        {
            Assert.True(await count.ResponseStream.MoveNext(cancel.Token));
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), count.ResponseStream.Current);
        }
        await cancel.CancelAsync();
        var stopped = await Assert.ThrowsAsync<RpcException>(() => count.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, stopped.StatusCode);

        var a = await DestinationAsync(d => d.GetProperty("clientFaults").GetInt64() + d.GetProperty("backendFaults").GetInt64() + d.GetProperty("errors").GetInt64() >= 1);
        Assert.Equal(1, a.GetProperty("clientFaults").GetInt64());
        Assert.Equal(0, a.GetProperty("backendFaults").GetInt64());
        Assert.Equal(0, a.GetProperty("errors").GetInt64());
    }

    private GrpcChannel Channel(bool tls)
    {
        var listener = _rig.Server.ProxyAddresses[tls ? 1 : 0];
        Assert.Equal(tls ? "https" : "http", listener.Scheme);
        return GrpcClient.Channel(listener, "api.example", _pki.Ca);
    }

    /// <summary>Destination a in <c>/api/clusters</c>, once <paramref name="recorded"/> holds (calls are recorded as they end).</summary>
    private async Task<JsonElement> DestinationAsync(Func<JsonElement, bool> recorded)
    {
        JsonElement found = default;
        await Poll.UntilAsync(async () =>
        {
            using var json = JsonDocument.Parse(await _rig.Admin.GetStringAsync("/api/clusters"));
            found = json.RootElement[0].GetProperty("destinations")[0].Clone();
            return recorded(found);
        }, TimeSpan.FromSeconds(10), "the calls in /api/clusters");
        return found;
    }
}
