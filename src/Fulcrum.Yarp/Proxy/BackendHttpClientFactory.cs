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
    private readonly bool _propagateTraceContext;

    public BackendHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger)
        : this(logger, propagateTraceContext: true)
    {
    }

    /// <param name="logger">YARP's factory logger.</param>
    /// <param name="propagateTraceContext">
    /// False: no propagator on the handler, so HttpClient never rewrites or adds <c>traceparent</c> (a client's own
    /// trace headers are forwarded untouched, like any header). True is YARP's default, which an embedding app keeps.
    /// </param>
    internal BackendHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, bool propagateTraceContext)
        : base(logger)
    {
        _propagateTraceContext = propagateTraceContext;
    }

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        if (!_propagateTraceContext)
        {
            handler.ActivityHeadersPropagator = null;
        }
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
