using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Hosting.Edge;

/// <summary>
/// A logger for parts built before the app (certificates load first, so a bad one stops the start): it writes to
/// the app's logger once that exists; nothing logs before then except by throwing.
/// </summary>
internal sealed class DeferredLogger : ILogger
{
    public ILogger Target { get; set; } = NullLogger.Instance;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => Target.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => Target.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Target.Log(logLevel, eventId, state, exception, formatter);
}
