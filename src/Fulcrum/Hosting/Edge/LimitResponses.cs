using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Hosting.Edge;

/// <summary>
/// Answers a request over a body limit with its status code and one log line, instead of letting Kestrel's
/// <see cref="BadHttpRequestException"/> escape as an "unhandled exception" with a stack trace. A declared
/// Content-Length over the limit is refused before the backend is contacted.
/// </summary>
/// <remarks>
/// The line is written here, on the request's own path and before its answer is sent, for every body limit:
/// Kestrel logs a body limit only while draining the connection after the response, and not at all when the
/// client has closed by then (a client that reads the 413 and hangs up first), so its line is dropped
/// (<see cref="BadRequestLogRelay"/>) rather than relied on.
/// </remarks>
internal sealed partial class LimitResponses(RequestDelegate next, ILoggerFactory loggers)
{
    /// <summary>The log category of every "limit hit" line written by Fulcrum itself.</summary>
    public const string Category = "Fulcrum.Limits";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    /// <summary>
    /// A request that cannot have a body (no Content-Length, not chunked: most GETs) cannot hit a body limit, so it
    /// goes straight on, without the state machine the guarded path costs per request.
    /// </summary>
    public Task InvokeAsync(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false } ? next(context) : GuardAsync(context);

    private async Task GuardAsync(HttpContext context)
    {
        var max = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        try
        {
            if (context.Request.ContentLength is { } length && max is { } limit && length > limit)
            {
                // Kestrel refuses the declared length on the first read, before any byte goes to a backend.
                await context.Request.Body.ReadAtLeastAsync(new byte[1], 1, throwOnEndOfStream: false, context.RequestAborted);
            }
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            Log(context, e);
            context.Response.Clear();
            Refuse(context, e.StatusCode);
            return;
        }
        // A body that grows over the limit while YARP streams it (chunked) is answered by YARP with the limit's
        // status; the exception never reaches this middleware, so the limit is read from what the forward saw.
        if ((Fulcrum.Proxy.RequestBodyWatch.LimitHitOf(context) ?? Fulcrum.Proxy.FaultClassifier.ProxyLimitIn(context.GetForwarderErrorFeature()?.Exception)) is { } hit)
        {
            Log(context, hit);
        }
    }

    private void Log(HttpContext context, BadHttpRequestException e) =>
        LogRefused(_logger, e.StatusCode, e.Message, Client(context), context.Request.Method, context.Request.Path);

    private static void Refuse(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        // The unread body is still on the connection: close it rather than read megabytes to reuse it.
        context.Response.Headers.Connection = "close";
    }

    private static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "limit hit: {Status} {Reason}; from {Client}: {Method} {Path}")]
    private static partial void LogRefused(ILogger logger, int status, string reason, string client, string method, string path);
}
