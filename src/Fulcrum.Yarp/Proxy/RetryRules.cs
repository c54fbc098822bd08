using System.Net.Http;
using Fulcrum.Core.Config;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Proxy;

/// <summary>
/// Whether a failed try may be sent again (docs/configuration.md#retries). Always: the client is still there,
/// nothing of the response reached it, and the request has no body — bodies are streamed to the destination,
/// never buffered, so once a try has started sending one it cannot be replayed. Then the failure must be one of
/// <see cref="RetryConfig.On"/>, and the method retriable (<see cref="RetryConfig.Methods"/>) unless the request
/// never left (a connect failure).
/// </summary>
internal static class RetryRules
{
    /// <summary>A try that ended with a forwarder error (no answer from the destination).</summary>
    public static bool MayRetry(HttpContext context, RetryConfig retries)
    {
        if (!Replayable(context))
        {
            return false;
        }
        var failure = context.GetForwarderErrorFeature();
        // Request: no connection, or reset before the response headers. RequestTimedOut: the per-try timeout.
        if (failure is null)
        {
            return false;
        }
        if (failure.Error == ForwarderError.Request && NeverSent(failure.Exception))
        {
            return (retries.On & RetryOn.ConnectFailure) != 0;
        }
        var kind = failure.Error switch
        {
            ForwarderError.Request => RetryOn.Reset,
            ForwarderError.RequestTimedOut => RetryOn.Timeout,
            _ => RetryOn.None,
        };
        return (retries.On & kind) != 0 && IsRetriable(context.Request.Method, retries.Methods);
    }

    /// <summary>A try the destination answered with <paramref name="status"/>, before its body is copied.</summary>
    public static bool MayRetryStatus(HttpContext context, int status, RetryConfig retries) =>
        RetryOnNames.RetriesStatus(retries.On, status)
        && Replayable(context)
        && IsRetriable(context.Request.Method, retries.Methods);

    public static bool IsRetriable(string method, RetryMethods methods) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
        || (methods == RetryMethods.Idempotent && (HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)));

    private static bool Replayable(HttpContext context) =>
        !context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted && !HasBody(context);

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
