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
    private readonly string? _baseDirectory;

    public BackendHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, ContentRoot root)
        : this(logger, propagateTraceContext: true, root.Path)
    {
    }

    /// <param name="logger">YARP's factory logger.</param>
    /// <param name="propagateTraceContext">
    /// False: no propagator on the handler, so HttpClient never rewrites or adds <c>traceparent</c> (a client's own
    /// trace headers are forwarded untouched, like any header). True is YARP's default, which an embedding app keeps.
    /// </param>
    /// <param name="baseDirectory">Where relative TLS file paths resolve (null: the current directory).</param>
    internal BackendHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, bool propagateTraceContext, string? baseDirectory = null)
        : base(logger)
    {
        _propagateTraceContext = propagateTraceContext;
        _baseDirectory = baseDirectory;
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
            BackendTls.Configure(handler.SslOptions, metadata, _baseDirectory);
        }
    }

    protected override bool CanReuseOldClient(ForwarderHttpClientContext context) =>
        base.CanReuseOldClient(context)
        && BackendTlsMetadata.Keys.Append(FulcrumMetadata.ConnectTimeout).All(key =>
            Equals(context.OldMetadata?.GetValueOrDefault(key), context.NewMetadata?.GetValueOrDefault(key)));
}
