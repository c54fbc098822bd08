using System.Net.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Proxy;

/// <summary>Applies a cluster's <c>timeouts.connect</c> to the connections YARP opens to its destinations.</summary>
internal sealed class ConnectTimeoutHttpClientFactory : ForwarderHttpClientFactory
{
    public ConnectTimeoutHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger)
        : base(logger)
    {
    }

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        if (context.NewMetadata is { } metadata
            && metadata.TryGetValue(FulcrumMetadata.ConnectTimeout, out var text)
            && Core.Config.Duration.TryParse(text, out var timeout, out _)
            && timeout > TimeSpan.Zero)
        {
            handler.ConnectTimeout = timeout;
        }
    }

    protected override bool CanReuseOldClient(ForwarderHttpClientContext context) =>
        base.CanReuseOldClient(context)
        && Equals(context.OldMetadata?.GetValueOrDefault(FulcrumMetadata.ConnectTimeout),
                  context.NewMetadata?.GetValueOrDefault(FulcrumMetadata.ConnectTimeout));
}
