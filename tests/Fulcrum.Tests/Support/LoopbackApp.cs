using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Tests.Support;

/// <summary>
/// A real Kestrel app on 127.0.0.1:0 with one handler or a few endpoints: what the tests' small backends (echoes,
/// streaming, gRPC) have in common. The port is the one the OS gave, read back after start.
/// </summary>
internal sealed class LoopbackApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="handler">Answers every request.</param>
    /// <param name="configure">Adjusts the builder before the app is built (Kestrel limits, logging).</param>
    public static Task<LoopbackApp> StartAsync(RequestDelegate handler, Action<WebApplicationBuilder>? configure = null) =>
        StartAsync(app => app.Run(handler), configure);

    /// <param name="map">Maps the app's endpoints (e.g. one of the admin API's groups).</param>
    /// <param name="configure">Adjusts the builder before the app is built (Kestrel limits, services, logging).</param>
    /// <param name="listen">Sets up the one endpoint (protocols, TLS); null: Kestrel's plain-http default.</param>
    public static async Task<LoopbackApp> StartAsync(Action<WebApplication> map, Action<WebApplicationBuilder>? configure = null, Action<ListenOptions>? listen = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (listen is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen));
        }
        configure?.Invoke(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
