using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting.Edge;

/// <summary>
/// YARP logs a request body that Kestrel cut off over <c>limits.request-body</c> as a forwarding error with every
/// nested stack trace (8 KB for one refused upload). That case is already one line from
/// <see cref="LimitResponses"/>, so it is dropped here; every other forwarding error passes on unchanged,
/// under <c>Fulcrum.Forwarder</c> (a provider cannot write to the category it reads without reading itself).
/// </summary>
internal sealed class ForwarderLogRelay(Func<ILogger> target) : ILoggerProvider
{
    public const string Category = "Yarp.ReverseProxy.Forwarder.HttpForwarder";

    public ILogger CreateLogger(string categoryName) =>
        categoryName == Category ? new Relay(target) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Relay(Func<ILogger> target) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => target().BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => target().IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!Fulcrum.Proxy.FaultClassifier.IsProxyLimit(exception))
            {
                target().Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
