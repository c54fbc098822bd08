using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting.Edge;

/// <summary>
/// Answers a request over a body limit with its status code and one log line, instead of letting Kestrel's
/// <see cref="BadHttpRequestException"/> escape as an "unhandled exception" with a stack trace. A declared
/// Content-Length over the limit is refused before the backend is contacted.
/// </summary>
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
                // Kestrel refuses the declared length on the first read, before any byte goes to a backend. Letting
                // Kestrel find it (rather than answering here) means it is logged exactly once, by Kestrel's own
                // line (relayed by BadRequestLogRelay), even when Kestrel later drains the connection.
                await context.Request.Body.ReadAtLeastAsync(new byte[1], 1, throwOnEndOfStream: false, context.RequestAborted);
            }
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // 413s are already one line from Kestrel; others (an upload slower than limits.min-body-rate) are not.
            if (e.StatusCode != StatusCodes.Status413PayloadTooLarge)
            {
                LogRefused(_logger, e.StatusCode, e.Message, Client(context), context.Request.Method, context.Request.Path);
            }
            context.Response.Clear();
            Refuse(context, e.StatusCode);
        }
    }

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
