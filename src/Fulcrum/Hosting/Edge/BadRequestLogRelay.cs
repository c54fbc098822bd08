using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting.Edge;

/// <summary>
/// Kestrel answers oversized headers (431) and slow headers (408) itself and only logs them at Debug, with the
/// exception attached. This provider takes just that category and writes one warning line per refused request
/// through Fulcrum's own logger: visible to operators, and no stack trace. Body limits (413, and 408 for a body
/// too slow) are not relayed: <see cref="LimitResponses"/> logs those on the request's path, while Kestrel's line
/// for them comes only from draining the connection after the response, and only if the client is still there.
/// </summary>
internal sealed class BadRequestLogRelay(Func<ILogger> target) : ILoggerProvider
{
    public const string Category = "Microsoft.AspNetCore.Server.Kestrel.BadRequests";

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? new Relay(target) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    /// <summary>
    /// Kestrel's body limits: "Request body too large…" (413) and "Reading the request body timed out…" (408). Its
    /// rejection reason is internal, so the message is what tells a body limit from a header one.
    /// </summary>
    public static bool IsBodyLimit(Exception? exception) =>
        exception is Microsoft.AspNetCore.Http.BadHttpRequestException bad
        && (bad.StatusCode == 413 || bad.Message.Contains("request body", StringComparison.OrdinalIgnoreCase));

    private sealed class Relay(Func<ILogger> target) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsBodyLimit(exception))
            {
                return;
            }
            // Kestrel's message already names the connection and the reason ("Request headers too long.").
            var status = exception is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : 400;
            target().LogWarning("limit hit: {Status} {Reason}", status, formatter(state, exception));
        }
    }
}
