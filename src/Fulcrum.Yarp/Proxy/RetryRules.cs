using System.Net.Http;
using Fulcrum.Core.Config;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Proxy;

/// <summary>
/// Whether a failed try may be sent again (docs/configuration.md#retries): it failed through the destination
/// before any response reached the client, the client is still there, the request has no body (bodies are
/// streamed, not buffered, so they cannot be replayed), and its method is retriable or it was never sent.
/// </summary>
internal static class RetryRules
{
    public static bool MayRetry(HttpContext context, RetryMethods methods)
    {
        if (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted)
        {
            return false;
        }
        var failure = context.GetForwarderErrorFeature();
        // Request: no connection, or reset before the response headers. RequestTimedOut: the per-try timeout.
        if (failure is not { Error: ForwarderError.Request or ForwarderError.RequestTimedOut })
        {
            return false;
        }
        if (HasBody(context))
        {
            return false;
        }
        return IsRetriable(context.Request.Method, methods) || NeverSent(failure.Exception);
    }

    public static bool IsRetriable(string method, RetryMethods methods) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
        || (methods == RetryMethods.Idempotent && (HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)));

    private static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>() is { } detection
            ? detection.CanHaveBody
            : context.Request.ContentLength > 0;

    /// <summary>A connection that could not be made: the destination never saw the request.</summary>
    private static bool NeverSent(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return true;
            }
        }
        return false;
    }
}
