using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// A real HTTPS backend (Kestrel on 127.0.0.1:0) with a certificate from the test's CA. It answers with the SNI
/// name it was asked for and the subject of the client certificate, if one was presented.
/// </summary>
internal sealed class TlsEchoBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TlsEchoBackend(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string LastServerName { get; private set; } = "";

    public static async Task<TlsEchoBackend> StartAsync(X509Certificate2 certificate, bool requireClientCertificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        TlsEchoBackend? self = null;
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, name) =>
            {
                self!.LastServerName = name ?? "";
                return certificate;
            },
            ClientCertificateMode = requireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
            // The test only checks that a certificate arrived and whose it is.
            ClientCertificateValidation = (_, _, _) => true,
        })));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync(
            $"sni={self!.LastServerName};client={context.Connection.ClientCertificate?.Subject ?? "none"}"));
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        self = new TlsEchoBackend(app, address.Port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
