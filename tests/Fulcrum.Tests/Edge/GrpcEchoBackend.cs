using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// A real gRPC backend: Kestrel on 127.0.0.1:0 serving <see cref="GrpcEcho"/> over HTTP/2 with TLS (a certificate
/// from the test's CA), the way Fulcrum reaches HTTP/2 backends: h2 negotiated by ALPN.
/// </summary>
internal sealed class GrpcEchoBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcEchoBackend(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<GrpcEchoBackend> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(certificate);
        }));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IServiceMethodProvider<GrpcEchoService>, GrpcEchoMethods>();
        var app = builder.Build();
        app.MapGrpcService<GrpcEchoService>();
        await app.StartAsync();
        return new GrpcEchoBackend(app, new Uri(app.Urls.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
