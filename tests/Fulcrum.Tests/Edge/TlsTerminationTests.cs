using Fulcrum.Tests.Deploy;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// TLS on a real Kestrel listener with certificates the test issues: SNI picks the certificate per host name (checked
/// by curl --cacert and by a raw handshake), and renewed files are served without a restart or a failed request.
/// </summary>
public sealed class TlsTerminationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestPki _pki = null!;
    private ProxyRig _rig = null!;

    public async Task InitializeAsync()
    {
        _pki = new TestPki(Directory.CreateTempSubdirectory("fulcrum-tls-").FullName);
        _pki.Issue("shop", ["shop.example"]);
        _pki.Issue("api", ["api.example", "*.api.example"]);
        _rig = await ProxyRig.StartAsync(EdgeConfigs.WithListen(EdgeConfigs.TwoSiteTls(_pki, http2: true), "{a}"), ProxyRig.Named(1), force: true);
    }

    public async Task DisposeAsync()
    {
        await _rig.DisposeAsync();
        _pki.Dispose();
    }

    private Uri Proxy => _rig.Server.ProxyAddress;

    [Theory]
    [InlineData("shop.example", "CN=shop.example")]
    [InlineData("api.example", "CN=api.example")]
    [InlineData("v2.api.example", "CN=api.example")]
    [InlineData("unknown.example", "CN=shop.example")]
    public async Task Sni_name_picks_its_certificate(string serverName, string subject)
    {
        using var served = await TlsProbe.ServerCertificateAsync(Proxy, serverName);

        Assert.Equal(subject, served.Subject);
    }

    [Theory]
    [InlineData("shop.example", "--http2", "200 2")]
    [InlineData("api.example", "--http2", "200 2")]
    [InlineData("shop.example", "--http1.1", "200 1.1")]
    public async Task Curl_trusts_each_site_with_the_ca_and_gets_the_protocol_it_asks_for(string host, string protocol, string expected)
    {
        var port = Proxy.Port;
        var result = await CurlRun.StatusAndVersionAsync(output, "--cacert", _pki.CaPath, protocol,
            "--resolve", $"{host}:{port}:127.0.0.1", $"https://{host}:{port}/");

        // curl verifies the chain and the name: it fails (exit 60) when the wrong certificate is served.
        Assert.True(result is null || result == expected, result);
    }

    [Theory]
    [InlineData("shop.example")]
    [InlineData("api.example")]
    public async Task Openssl_s_client_gets_the_certificate_of_each_sni_name(string serverName)
    {
        if (ExternalTool.Require("openssl", "openssl", output) is not { } openssl)
        {
            return;
        }
        // s_client waits on stdin for data to send: give it an empty one so it ends after the handshake.
        var result = await ExternalTool.RunAsync("/bin/sh",
            ["-c", $"\"{openssl}\" s_client -connect 127.0.0.1:{Proxy.Port} -servername {serverName} -CAfile \"{_pki.CaPath}\" -verify_return_error < /dev/null"],
            Path.GetTempPath());
        output.WriteLine(result.Output);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches($@"subject=\s*CN\s*=\s*{System.Text.RegularExpressions.Regex.Escape(serverName)}", result.Output);
        Assert.Contains("Verify return code: 0 (ok)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task H2load_over_tls_negotiates_h2_and_completes_every_request()
    {
        if (ExternalTool.Require("h2load", "nghttp2-client", output) is not { } h2load)
        {
            return;
        }
        var result = await ExternalTool.RunAsync(h2load, ["-n", "400", "-c", "4", "-m", "8", $"https://127.0.0.1:{Proxy.Port}/"], Path.GetTempPath());
        output.WriteLine(result.Output);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Application protocol: h2", result.Output, StringComparison.Ordinal);
        Assert.Contains("400 succeeded, 0 failed, 0 errored", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renewed_files_are_served_within_5_seconds_and_no_request_fails()
    {
        using var before = await TlsProbe.ServerCertificateAsync(Proxy, "shop.example");
        using var handler = new SocketsHttpHandler
        {
            // A new connection (and handshake) per request, so requests keep handshaking while the files change.
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = { TargetHost = "shop.example", RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var client = new HttpClient(handler) { BaseAddress = Proxy, Timeout = TimeSpan.FromSeconds(10) };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var failures = new List<string>();
        var sent = 0;
        var load = Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            // Bounded: at most 3000 requests in all, at most 30 s.
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref sent) <= 3000)
            {
                try
                {
                    using var response = await client.GetAsync("/", stop.Token);
                    if ((int)response.StatusCode != 200)
                    {
                        lock (failures) { failures.Add($"status {(int)response.StatusCode}"); }
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (HttpRequestException e)
                {
                    lock (failures) { failures.Add(e.Message); }
                }
            }
        }));
        await Poll.UntilAsync(() => Volatile.Read(ref sent) > 20, TimeSpan.FromSeconds(10), "requests to flow");

        using var renewed = _pki.Renew("shop", ["shop.example"]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Poll.UntilAsync(async () =>
        {
            using var served = await TlsProbe.ServerCertificateAsync(Proxy, "shop.example");
            return served.Thumbprint == renewed.Thumbprint;
        }, TimeSpan.FromSeconds(5), "the renewed certificate to be served");
        output.WriteLine($"renewed certificate served after {clock.Elapsed.TotalMilliseconds:0} ms");
        var sentAtSwap = Volatile.Read(ref sent);
        await Poll.UntilAsync(() => Volatile.Read(ref sent) > sentAtSwap + 20, TimeSpan.FromSeconds(10), "requests after the swap");
        await stop.CancelAsync();
        await load;

        output.WriteLine($"{Math.Min(sent, 3000)} requests, {failures.Count} failed");
        Assert.NotEqual(before.Thumbprint, renewed.Thumbprint);
        Assert.Empty(failures);
        // The other site's certificate was not touched by the reload.
        using var api = await TlsProbe.ServerCertificateAsync(Proxy, "api.example");
        Assert.Equal("CN=api.example", api.Subject);
    }
}
