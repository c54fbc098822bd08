using System.Net;
using Fulcrum.Core.Config;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Fulcrum.Hosting.Edge;

/// <summary>
/// Binds each <c>listen</c> entry to Kestrel with its own protocols and TLS (which <c>UseUrls</c> cannot do per
/// URL), in file order and the admin URL last: <see cref="AdminListener"/> finds the admin address by that order.
/// </summary>
internal static class ListenerBinding
{
    public static void Bind(KestrelServerOptions kestrel, EdgeListeners edge, string adminUrl)
    {
        for (var i = 0; i < edge.Listeners.Count; i++)
        {
            var listener = edge.Listeners[i];
            var tls = edge.Certificates[i];
            Listen(kestrel, listener.Url, options => Configure(options, listener, tls));
        }
        Listen(kestrel, adminUrl, options =>
        {
            options.Protocols = HttpProtocols.Http1;
            if (IsHttps(adminUrl))
            {
                options.UseHttps();
            }
        });
    }

    private static void Configure(ListenOptions options, ListenerConfig listener, ListenerCertificates? tls)
    {
        if (listener.MaxConnections is { } max)
        {
            // Added before UseHttps, so it runs first: a refused connection costs no TLS handshake.
            options.Use(next => ListenerConnectionCap.Wrap(next, listener.Url, max, options.ApplicationServices));
        }
        if (!listener.IsHttps)
        {
            // Cleartext HTTP/2 has no ALPN to negotiate with, so an h2c listener speaks HTTP/2 only (prior knowledge).
            options.Protocols = listener.Http2 ? HttpProtocols.Http2 : HttpProtocols.Http1;
            return;
        }
        options.Protocols = listener.Http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
        if (tls is null)
        {
            // No tls section: Kestrel's default certificate, as before listeners had settings.
            options.UseHttps();
            return;
        }
        // Kestrel adds the ALPN list for options.Protocols to what the callback returns.
        options.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context => ValueTask.FromResult(tls.OptionsFor(context.ClientHelloInfo.ServerName)),
        });
    }

    /// <summary>Kestrel's reading of a listen URL: an IP literal binds that address, localhost both loopbacks, anything else every interface.</summary>
    private static void Listen(KestrelServerOptions kestrel, string url, Action<ListenOptions> configure)
    {
        var anyHost = url.Contains("://*", StringComparison.Ordinal) || url.Contains("://+", StringComparison.Ordinal);
        var uri = new Uri(anyHost ? url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal) : url);
        var host = uri.Host.Trim('[', ']');
        if (anyHost)
        {
            kestrel.ListenAnyIP(uri.Port, configure);
        }
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(uri.Port, configure);
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, uri.Port, configure);
        }
        else
        {
            kestrel.ListenAnyIP(uri.Port, configure);
        }
    }

    private static bool IsHttps(string url) => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
