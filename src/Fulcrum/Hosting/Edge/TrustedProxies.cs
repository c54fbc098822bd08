using Fulcrum.Core.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Fulcrum.Hosting.Edge;

/// <summary>
/// <c>forwarded.trusted-proxies</c> through ASP.NET's ForwardedHeaders middleware: a request from one of those peers
/// gets the client address and scheme its X-Forwarded-For/Proto name, so logs, client-ip hashing and the headers
/// Fulcrum forwards all use the real client. Nobody else is believed (loopback included, unlike the defaults).
/// </summary>
internal static class TrustedProxies
{
    public static void Use(IApplicationBuilder app, ForwardedConfig forwarded)
    {
        if (forwarded.TrustedProxies.Count == 0)
        {
            return;
        }
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Walk back through every trusted hop, stopping at the first address that is not trusted.
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var network in forwarded.TrustedProxies)
        {
            options.KnownIPNetworks.Add(network);
        }
        app.UseForwardedHeaders(options);
    }
}
