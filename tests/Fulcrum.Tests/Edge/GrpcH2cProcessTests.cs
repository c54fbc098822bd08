using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fulcrum.Tests.Support;
using Grpc.Core;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// gRPC through a real <c>fulcrum run</c> process to a real gRPC backend that speaks only cleartext h2c (prior
/// knowledge), as in-cluster gRPC servers do: <c>http-request: { version: "2", version-policy: exact }</c> makes the
/// proxy speak h2c to it, from the proxy's h2c listener and from its TLS listener alike. The same backend behind a
/// cluster without the setting is spoken to in HTTP/1.1 and the call fails: the setting is what makes it work.
/// </summary>
public sealed class GrpcH2cProcessTests(GrpcH2cProcess fulcrum, ITestOutputHelper output) : IClassFixture<GrpcH2cProcess>
{
    public static TheoryData<bool> Listeners => new() { false, true };

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task Unary_and_bidi_streaming_reach_an_h2c_backend_and_count_as_successes(bool tls)
    {
        var before = await fulcrum.DestinationAsync("grpc", _ => true);
        using var channel = GrpcClient.Channel(fulcrum.Listeners[tls ? 1 : 0], "api.example", fulcrum.Ca);
        var calls = channel.CreateCallInvoker();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var options = new CallOptions(cancellationToken: timeout.Token);

        using (var unary = calls.AsyncUnaryCall(GrpcEcho.Unary, null, options, "hello"))
        {
            Assert.Equal("echo: hello", await unary.ResponseAsync);
        }
        var echoed = await GrpcClient.ChatAsync(calls, options, 50, timeout.Token);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"echo: m{i}"), echoed);
        var requests = before.GetProperty("requests").GetInt64();
        var after = await fulcrum.DestinationAsync("grpc", d => d.GetProperty("requests").GetInt64() >= requests + 2);
        Assert.Equal(requests + 2, after.GetProperty("requests").GetInt64());
        Assert.Equal(0, after.GetProperty("errors").GetInt64());
        Assert.Equal(0, after.GetProperty("backendFaults").GetInt64());
    }

    [Fact]
    public async Task Without_the_setting_the_proxy_speaks_http1_to_the_h2c_backend_and_the_call_fails()
    {
        using var channel = GrpcClient.Channel(fulcrum.Listeners[0], "plain.example", fulcrum.Ca);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var unary = channel.CreateCallInvoker().AsyncUnaryCall(GrpcEcho.Unary, null, new CallOptions(cancellationToken: timeout.Token), "hello");
        var failed = await Assert.ThrowsAsync<RpcException>(() => unary.ResponseAsync);

        output.WriteLine(failed.Status.ToString());
        // Kestrel answers an HTTP/1.1 request on an HTTP/2-only endpoint with 400, which the proxy passes on and
        // gRPC reports as Internal ("Bad gRPC response. HTTP status code: 400").
        Assert.Equal(StatusCode.Internal, failed.StatusCode);
        Assert.Contains("HTTP status code: 400", failed.Status.Detail, StringComparison.Ordinal);
        await fulcrum.DestinationAsync("plain", d => d.GetProperty("requests").GetInt64() >= 1);
    }

    [Fact]
    public async Task Bad_values_are_refused_by_validate_with_file_line_column_field_and_allowed_values()
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-h2c-bad-").FullName;
        var config = Path.Combine(folder, "bad.yaml");
        await File.WriteAllTextAsync(config, """
            routes: [{ name: all, match: { path: "/{**rest}" }, cluster: grpc }]
            clusters:
              grpc:
                destinations: { a: { address: "http://127.0.0.1:50051" } }
                http-request:
                  version: "3"
                  version-policy: exactly
            """);

        var (exitCode, text) = await FulcrumProcess.RunAsync("validate", "-c", config);

        output.WriteLine(text);
        Assert.Equal(2, exitCode);
        Assert.Contains("bad.yaml:6:", text, StringComparison.Ordinal);
        Assert.Contains("clusters.grpc.http-request.version", text, StringComparison.Ordinal);
        Assert.Contains("HTTP/3 to destinations is not offered", text, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:7:23", text, StringComparison.Ordinal);
        Assert.Contains("clusters.grpc.http-request.version-policy", text, StringComparison.Ordinal);
        Assert.Contains("allowed: or-lower, or-higher, exact", text, StringComparison.Ordinal);
    }
}

/// <summary>
/// One <c>fulcrum run</c> for the class: an h2c listener and a TLS listener (h2 by ALPN), route <c>plain</c>
/// (host plain.example) to a cluster without <c>http-request</c>, every other request to cluster <c>grpc</c> with
/// h2c towards the destination; both clusters have the same h2c-only gRPC backend.
/// </summary>
public sealed partial class GrpcH2cProcess : IAsyncLifetime
{
    private TestPki _pki = null!;
    private LoopbackApp _backend = null!;
    private FulcrumProcess _process = null!;
    private HttpClient _admin = null!;

    public X509Certificate2 Ca => _pki.Ca;

    /// <summary>The h2c listener, then the TLS one.</summary>
    public IReadOnlyList<Uri> Listeners { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _pki = new TestPki(Directory.CreateTempSubdirectory("fulcrum-h2c-").FullName);
        _pki.Issue("shop", ["shop.example"]);
        _pki.Issue("api", ["api.example"]);
        _backend = await GrpcEchoBackend.StartAsync(certificate: null);
        var config = Path.Combine(_pki.Folder, "fulcrum.yaml");
        await File.WriteAllTextAsync(config, Config());
        _process = FulcrumProcess.Start("run", "-c", config);
        var text = await _process.WaitForOutputAsync("fulcrum: proxy also on", TimeSpan.FromSeconds(60));
        var started = Started().Match(text);
        Assert.True(started.Success, text);
        Listeners = [new Uri(started.Groups[1].Value), new Uri(AlsoOn().Match(text).Groups[1].Value)];
        Assert.Equal(["http", "https"], Listeners.Select(l => l.Scheme));
        _admin = new HttpClient { BaseAddress = new Uri(started.Groups[2].Value), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _process.DisposeAsync();
        await _backend.DisposeAsync();
        _pki.Dispose();
    }

    /// <summary>Destination a of <paramref name="cluster"/> in <c>/api/clusters</c>, once <paramref name="recorded"/> holds (calls are recorded as they end).</summary>
    public async Task<JsonElement> DestinationAsync(string cluster, Func<JsonElement, bool> recorded)
    {
        JsonElement found = default;
        await Poll.UntilAsync(async () =>
        {
            using var json = JsonDocument.Parse(await _admin.GetStringAsync("/api/clusters"));
            found = json.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == cluster)
                .GetProperty("destinations")[0].Clone();
            return recorded(found);
        }, TimeSpan.FromSeconds(10), $"the calls of cluster {cluster} in /api/clusters");
        return found;
    }

    private string Config() => string.Join("\n",
        "listen:",
        "  - { url: http://127.0.0.1:0, http2: true }",
        EdgeConfigs.TwoSiteTls(_pki, http2: true)["listen:\n".Length..],
        "admin:",
        "  listen: http://127.0.0.1:0",
        "routes:",
        "  - name: plain",
        "    match: { path: \"/{**rest}\", hosts: [plain.example] }",
        "    cluster: plain",
        "  - name: all",
        "    match: { path: \"/{**rest}\" }",
        "    cluster: grpc",
        "clusters:",
        "  grpc:",
        $"    destinations: {{ a: {{ address: \"{_backend.Address}\" }} }}",
        "    http-request: { version: \"2\", version-policy: exact }",
        "  plain:",
        $"    destinations: {{ a: {{ address: \"{_backend.Address}\" }} }}",
        $"journal: {{ path: \"{_pki.Folder}/journal.db\" }}");

    [GeneratedRegex(@"fulcrum: proxy on (\S+), admin and dashboard on (\S+)")]
    private static partial Regex Started();

    [GeneratedRegex(@"fulcrum: proxy also on (\S+)")]
    private static partial Regex AlsoOn();
}
