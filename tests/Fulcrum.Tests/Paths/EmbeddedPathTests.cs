using Fulcrum.Tests.Edge;
using Fulcrum.Tests.Embedding;

namespace Fulcrum.Tests.Paths;

/// <summary>
/// The same in a YARP app with <c>AddFulcrum</c> (samples/embedded): every route forwards the raw target, the route
/// metadata <c>Fulcrum.Path</c> picks the mode, and a route that rewrites its own path keeps YARP's rendering.
/// </summary>
public sealed class EmbeddedPathTests : IAsyncLifetime
{
    private TargetEchoBackend _echo = null!;
    private EmbeddedApp _app = null!;

    public async Task InitializeAsync()
    {
        _echo = await TargetEchoBackend.StartAsync("echo");
        var settings = new Dictionary<string, string>
        {
            ["ReverseProxy:Clusters:echo:Destinations:e:Address"] = _echo.Address.ToString(),
            ["ReverseProxy:Routes:plain:ClusterId"] = "echo",
            ["ReverseProxy:Routes:plain:Match:Path"] = "/plain/{**rest}",
            ["ReverseProxy:Routes:normalized:ClusterId"] = "echo",
            ["ReverseProxy:Routes:normalized:Match:Path"] = "/normalized/{**rest}",
            [$"ReverseProxy:Routes:normalized:Metadata:{FulcrumMetadata.Path}"] = "normalized",
            ["ReverseProxy:Routes:strip:ClusterId"] = "echo",
            ["ReverseProxy:Routes:strip:Match:Path"] = "/strip/{**rest}",
            ["ReverseProxy:Routes:strip:Transforms:0:PathRemovePrefix"] = "/strip",
        };
        _app = await EmbeddedApp.StartAsync([], settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _echo.DisposeAsync();
    }

    [Theory]
    [InlineData("/plain/@scope%2Fpkg?v=%41", "echo /plain/@scope%2Fpkg?v=%41")]
    [InlineData("/normalized/%41/@scope%2fpkg", "echo /normalized/A/@scope%2Fpkg")]
    // A rewritten path is not the client's: YARP renders it from the decoded path, %2F as %252F (yarp #1419).
    [InlineData("/strip/a%2Fb", "echo /a%252Fb")]
    public async Task Each_route_forwards_as_its_settings_say(string target, string expected)
    {
        var body = await RawHttp.BodyAsync(_app.Address, $"GET {target} HTTP/1.1\r\nHost: fulcrum.test\r\nConnection: close\r\n\r\n");

        Assert.Equal(expected, body);
    }
}
