using Fulcrum.Tests.Deploy;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// TLS on a real Kestrel listener with certificates the test issues: SNI picks the certificate per host name (checked
/// by curl --cacert and by a raw handshake), and renewed files are served without a restart or a failed request while wrk runs.
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
    public async Task Http3_is_not_offered_as_the_operations_guide_says()
    {
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var client = new HttpClient(handler) { BaseAddress = Proxy };
        using var response = await client.GetAsync("/");

        Assert.Equal(200, (int)response.StatusCode);
        // Kestrel advertises HTTP/3 with Alt-Svc on a listener that enables it; Fulcrum enables it on none.
        Assert.False(response.Headers.Contains("Alt-Svc"), string.Join(", ", response.Headers.Select(h => h.Key)));
        var guide = File.ReadAllText(Deploy.RepositoryRoot.Combine("docs", "operations.md"));
        Assert.Contains("**HTTP/3 is not offered**", guide, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renewed_files_are_served_within_5_seconds_while_wrk_runs_and_no_request_fails()
    {
        // Not skippable: ./test.sh installs wrk, and this is the acceptance check for certificate renewal.
        var wrk = ExternalTool.Require("wrk", "wrk", output);
        Assert.True(wrk is not null, "wrk is not on PATH: ./test.sh installs it (apt-get install -y wrk)");
        using var before = await TlsProbe.ServerCertificateAsync(Proxy, "shop.example");
        var backend = _rig["a"];
        var startCount = backend.Counters.Total;
        // "Connection: close": every request is a new connection and a new handshake, so requests keep handshaking
        // while the files change. wrk sends no usable SNI for an IP, which gets the first certificate (shop).
        // Bounded: 2 threads, 4 connections, 15 s.
        var wrkClock = System.Diagnostics.Stopwatch.StartNew();
        var run = ExternalTool.RunAsync(wrk!, ["-t2", "-c4", "-d15s", "-H", "Connection: close", $"https://127.0.0.1:{Proxy.Port}/"],
            Path.GetTempPath(), TimeSpan.FromSeconds(60));
        await Poll.UntilAsync(() => backend.Counters.Total > startCount + 20 || run.IsCompleted, TimeSpan.FromSeconds(10), "wrk's requests to flow");
        if (run.IsCompleted)
        {
            Assert.Fail("wrk ended before the certificate was renewed:\n" + (await run).Output);
        }
        output.WriteLine($"wrk's requests flowing after {wrkClock.Elapsed.TotalMilliseconds:0} ms");

        using var renewed = _pki.Renew("shop", ["shop.example"]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Poll.UntilAsync(async () =>
        {
            using var served = await TlsProbe.ServerCertificateAsync(Proxy, "shop.example");
            return served.SerialNumber == renewed.SerialNumber;
        }, TimeSpan.FromSeconds(5), "the renewed certificate to be served");
        output.WriteLine($"renewed certificate (serial {renewed.SerialNumber}) served after {clock.Elapsed.TotalMilliseconds:0} ms");
        var atSwap = backend.Counters.Total;
        await Poll.UntilAsync(() => backend.Counters.Total > atSwap + 20 || run.IsCompleted, TimeSpan.FromSeconds(10), "wrk's requests after the swap");
        var sentAfterSwap = !run.IsCompleted;
        output.WriteLine($"{backend.Counters.Total - atSwap} requests after the swap by {wrkClock.Elapsed.TotalMilliseconds:0} ms");
        var result = await run;
        output.WriteLine(result.Output);
        Assert.True(sentAfterSwap, "wrk ended before sending requests on the renewed certificate");

        Assert.NotEqual(before.SerialNumber, renewed.SerialNumber);
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"\d+ requests in ", result.Output);
        // wrk prints these lines only when there was at least one.
        Assert.DoesNotContain("Socket errors", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Non-2xx or 3xx responses", result.Output, StringComparison.Ordinal);
        // wrk kept handshaking on the renewed certificate: requests reached the backend after the swap too.
        Assert.True(backend.Counters.Total - atSwap > 20, $"{backend.Counters.Total - atSwap} requests after the swap");
        // The other site's certificate was not touched by the reload.
        using var api = await TlsProbe.ServerCertificateAsync(Proxy, "api.example");
        Assert.Equal("CN=api.example", api.Subject);
    }
}
