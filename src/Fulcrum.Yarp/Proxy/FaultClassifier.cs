using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Proxy;

/// <summary>
/// Decides whose fault a forwarded request's outcome was from YARP's <see cref="IForwarderErrorFeature"/>, the
/// status and whether the client aborted. The table and the reasons are in docs/whose-fault.md. No allocation.
/// </summary>
internal static class FaultClassifier
{
    public static Fault Classify(HttpContext context)
    {
        var errorFeature = context.GetForwarderErrorFeature();
        var error = errorFeature?.Error ?? ForwarderError.None;
        if (error == ForwarderError.None)
        {
            // A 5xx that YARP passed through is the backend's answer; a 101 is a WebSocket session that ended cleanly.
            return context.Response.StatusCode >= 500 ? Fault.Backend : Fault.None;
        }
        // How the upload failed on the client's side is the cause, whatever copy YARP saw fail first (RequestBodyWatch).
        if (RequestBodyWatch.FailureOf(context) is { } upload)
        {
            return upload;
        }
        // Checked before the client abort: Kestrel may abort the connection after refusing the body.
        if (error == ForwarderError.RequestBodyClient && IsProxyLimit(errorFeature!.Exception))
        {
            return Fault.Proxy;
        }
        // Decisive even when RequestAborted is set: a destination read or write failed with an error, not a
        // cancellation (a client abort cancels those copies first), and after a response cut off mid-way YARP
        // aborts the client's connection itself, which cancels RequestAborted after the fact.
        if (IsDestinationFailure(error))
        {
            return Fault.Backend;
        }
        // Once the client hung up, any error that follows (cancelled copy, broken pipe) is a consequence of that.
        if (context.RequestAborted.IsCancellationRequested)
        {
            return Fault.Client;
        }
        return Classify(error, errorFeature!.Exception);
    }

    /// <summary>The error alone, when the client did not abort (the client-abort case is decided before).</summary>
    public static Fault Classify(ForwarderError error, Exception? exception) => error switch
    {
        ForwarderError.None => Fault.None,

        // Could not connect, send headers or get response headers in time: the destination's fault.
        ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.ResponseHeaders
            or ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination
            or ForwarderError.UpgradeRequestDestination or ForwarderError.UpgradeResponseDestination => Fault.Backend,

        // YARP reports RequestCanceled only when the client aborted (a timeout is RequestTimedOut).
        ForwarderError.RequestCanceled => Fault.Client,

        // A body copy cancelled without the client aborting was cut by the activity timeout: the destination stalled.
        ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled => Fault.Backend,

        // Kestrel's own limits (413 body too large, 408 body too slow) surface as a BadHttpRequestException while
        // YARP reads the body: the proxy refused it. Any other read failure is the client's broken upload.
        ForwarderError.RequestBodyClient => IsProxyLimit(exception) ? Fault.Proxy : Fault.Client,

        ForwarderError.ResponseBodyClient or ForwarderError.UpgradeRequestClient or ForwarderError.UpgradeResponseClient
            or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeResponseCanceled => Fault.Client,

        // Nothing to forward to, a request the proxy could not build, an idle WebSocket closed by the proxy's limit.
        ForwarderError.NoAvailableDestinations or ForwarderError.RequestCreation or ForwarderError.UpgradeActivityTimeout => Fault.Proxy,

        // A value added by a later YARP: keep today's behaviour (count it against the destination) until classified.
        _ => Fault.Backend,
    };

    private static bool IsDestinationFailure(ForwarderError error) => error is ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination
        or ForwarderError.UpgradeRequestDestination or ForwarderError.UpgradeResponseDestination;

    /// <summary>
    /// Kestrel's <see cref="BadHttpRequestException"/> anywhere in the chain (YARP wraps it in an
    /// <see cref="AggregateException"/> with the copy failure). Indexed loops: no enumerator on this path.
    /// </summary>
    public static bool IsProxyLimit(Exception? exception) => ProxyLimitIn(exception) is not null;

    /// <summary>The <see cref="BadHttpRequestException"/> of a Kestrel limit in the chain, if there is one.</summary>
    public static BadHttpRequestException? ProxyLimitIn(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++)
        {
            if (exception is BadHttpRequestException limit)
            {
                return limit;
            }
            if (exception is AggregateException aggregate)
            {
                var inner = aggregate.InnerExceptions;
                for (var i = 0; i < inner.Count; i++)
                {
                    if (ProxyLimitIn(inner[i]) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            }
            exception = exception.InnerException;
        }
        return null;
    }
}
