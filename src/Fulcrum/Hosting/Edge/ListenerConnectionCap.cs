using Fulcrum.Metrics;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting.Edge;

/// <summary>
/// <c>listen[].max-connections</c>: at most that many open connections on one listener. Kestrel's own limit
/// (<c>limits.max-connections</c>) counts the whole process, so a flood on a public listener could starve an
/// internal one; this connection middleware counts per endpoint and closes a connection over the cap at once,
/// before its TLS handshake, with one log line and <c>fulcrum_connections_refused_total{listener}</c>.
/// </summary>
internal sealed partial class ListenerConnectionCap
{
    private readonly string _listener;
    private readonly int _max;
    private readonly ILogger _logger;
    private readonly Prometheus.Counter.Child _refused;
    private int _open;

    private ListenerConnectionCap(string listener, int max, ILogger logger, Prometheus.Counter.Child refused)
    {
        _listener = listener;
        _max = max;
        _logger = logger;
        _refused = refused;
    }

    /// <summary>Wraps the listener's connection pipeline; services are the app's, resolved when Kestrel binds.</summary>
    public static ConnectionDelegate Wrap(ConnectionDelegate next, string listener, int max, IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LimitResponses.Category);
        var refused = services.GetRequiredService<FulcrumMetrics>().ConnectionsRefused(listener);
        return new ListenerConnectionCap(listener, max, logger, refused).Handle(next);
    }

    private ConnectionDelegate Handle(ConnectionDelegate next) => async connection =>
    {
        // Count first, then check: two connections racing for the last slot cannot both get in.
        if (Interlocked.Increment(ref _open) > _max)
        {
            Interlocked.Decrement(ref _open);
            _refused.Inc();
            LogRefused(_logger, _listener, _max, connection.RemoteEndPoint?.ToString() ?? "unknown");
            // Returning without running the pipeline makes Kestrel close the socket: nothing is read or answered.
            return;
        }
        try
        {
            await next(connection);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    };

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "limit hit: connection refused on {Listener}, already {Max} open (listen[].max-connections); from {Client}")]
    private static partial void LogRefused(ILogger logger, string listener, int max, string client);
}
