using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting.Edge;

/// <summary>
/// Kestrel answers oversized headers (431) and slow headers (408) itself and only logs them at Debug, with the
/// exception attached. This provider takes just that category and writes one warning line per refused request
/// through Fulcrum's own logger: visible to operators, and no stack trace.
/// </summary>
internal sealed class BadRequestLogRelay(Func<ILogger> target) : ILoggerProvider
{
    public const string Category = "Microsoft.AspNetCore.Server.Kestrel.BadRequests";

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? new Relay(target) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Relay(Func<ILogger> target) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Kestrel's message already names the connection and the reason ("Request headers too long.").
            var status = exception is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : 400;
            target().LogWarning("limit hit: {Status} {Reason}", status, formatter(state, exception));
        }
    }
}
