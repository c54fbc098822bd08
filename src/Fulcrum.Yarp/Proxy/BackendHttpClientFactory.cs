using System.Net.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Proxy;

/// <summary>
/// The connections YARP opens to a cluster's destinations: its <c>timeouts.connect</c>, and its <c>tls</c> (CA
/// bundle, SNI, client certificate; <c>insecure</c> is YARP's own DangerousAcceptAnyServerCertificate).
/// </summary>
internal sealed class BackendHttpClientFactory : ForwarderHttpClientFactory
{
    public BackendHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger)
        : base(logger)
    {
    }

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        if (context.NewMetadata is not { } metadata)
        {
            return;
        }
        if (metadata.TryGetValue(FulcrumMetadata.ConnectTimeout, out var text)
            && Core.Config.Duration.TryParse(text, out var timeout, out _)
            && timeout > TimeSpan.Zero)
        {
            handler.ConnectTimeout = timeout;
        }
        if (!context.NewConfig.DangerousAcceptAnyServerCertificate.GetValueOrDefault())
        {
            BackendTls.Configure(handler.SslOptions, metadata);
        }
    }

    protected override bool CanReuseOldClient(ForwarderHttpClientContext context) =>
        base.CanReuseOldClient(context)
        && BackendTlsMetadata.Keys.Append(FulcrumMetadata.ConnectTimeout).All(key =>
            Equals(context.OldMetadata?.GetValueOrDefault(key), context.NewMetadata?.GetValueOrDefault(key)));
}
