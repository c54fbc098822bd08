using System.Security.Cryptography.X509Certificates;
using Fulcrum.Tests.Support;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// A real gRPC backend: Kestrel on 127.0.0.1:0 serving <see cref="GrpcEcho"/> over HTTP/2 only. With a certificate
/// (from the test's CA) h2 is negotiated by ALPN; without one it speaks cleartext h2c with prior knowledge only, as
/// in-cluster gRPC servers do, so an HTTP/1.1 request to it fails.
/// </summary>
internal static class GrpcEchoBackend
{
    public static Task<LoopbackApp> StartAsync(X509Certificate2? certificate) => LoopbackApp.StartAsync(
        app => app.MapGrpcService<GrpcEchoService>(),
        builder =>
        {
            builder.Services.AddGrpc();
            builder.Services.AddSingleton<IServiceMethodProvider<GrpcEchoService>, GrpcEchoMethods>();
        },
        listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        });
}
