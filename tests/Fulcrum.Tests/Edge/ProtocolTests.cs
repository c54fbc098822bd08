using System.Text.RegularExpressions;
using Fulcrum.Tests.Deploy;
using Fulcrum.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Edge;

/// <summary>Cleartext HTTP/2 (h2c) on an opt-in listener, next to a plain HTTP/1.1 one; checked with curl and h2load.</summary>
public sealed partial class ProtocolTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ProxyRig _rig = null!;

    public async Task InitializeAsync()
    {
        const string listen = "listen:\n  - { url: http://127.0.0.1:0, http2: true }\n  - http://127.0.0.1:0";
        _rig = await ProxyRig.StartAsync(EdgeConfigs.WithListen(listen, "{a}"), ProxyRig.Named(1), force: true);
    }

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private Uri H2c => _rig.Server.ProxyAddress;

    [Fact]
    public async Task H2c_listener_answers_http2_with_prior_knowledge()
    {
        var result = await CurlRun.StatusAndVersionAsync(output, "--http2-prior-knowledge", H2c.ToString());

        Assert.True(result is null or "200 2", result);
    }

    [Fact]
    public async Task H2c_listener_refuses_http1_before_the_backend()
    {
        using var client = new HttpClient { BaseAddress = H2c };

        // Kestrel recognizes the HTTP/1.x request line and answers 400 in HTTP/1.1 before closing.
        using var response = await client.GetAsync("/");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(0, _rig["a"].Counters.Total);
    }

    [Fact]
    public async Task Plain_listener_without_http2_stays_http1()
    {
        var plain = _rig.Server.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.ElementAt(1);
        var result = await CurlRun.StatusAndVersionAsync(output, plain + "/");

        Assert.True(result is null or "200 1.1", result);
    }

    [Fact]
    public async Task H2load_over_h2c_completes_every_request()
    {
        if (ExternalTool.Require("h2load", "nghttp2-client", output) is not { } h2load)
        {
            return;
        }
        var result = await ExternalTool.RunAsync(h2load, ["-n", "400", "-c", "4", "-m", "8", H2c.ToString()], Path.GetTempPath());
        output.WriteLine(result.Output);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(Done(), result.Output);
        Assert.Contains("400 succeeded, 0 failed, 0 errored", result.Output, StringComparison.Ordinal);
        Assert.Contains("status codes: 400 2xx", result.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"requests: 400 total, 400 started, 400 done")]
    private static partial Regex Done();
}
