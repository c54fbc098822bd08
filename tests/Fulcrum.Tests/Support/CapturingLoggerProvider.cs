using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Tests.Support;

/// <summary>Keeps the structured properties of every log line, as a log pipeline would index them.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            owner.Lines.Enqueue(new LogLine(eventId.Name, formatter(state, exception), properties.ToDictionary(p => p.Key, p => p.Value)));
        }
    }
}

internal sealed record LogLine(string? EventName, string Message, IReadOnlyDictionary<string, object?> Properties)
{
    public object? this[string key] => Properties.GetValueOrDefault(key);
}
