using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting;

/// <summary>How the executable logs: one line per event, or JSON for log shippers.</summary>
internal enum LogFormat { Text, Json }

/// <summary>The executable's logging: one line per event (or JSON), framework chatter down to warnings.</summary>
internal static class FulcrumLogging
{
    public static void Configure(ILoggingBuilder logging, LogFormat format)
    {
        logging.ClearProviders();
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.UseUtcTimestamp = true;
            });
        }
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Yarp", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // Requests Kestrel refuses over a limit (431, 408) are logged at Debug by Kestrel: relayed as one warning line.
        logging.Services.AddSingleton<ILoggerProvider>(sp => new Edge.BadRequestLogRelay(() => sp.GetRequiredService<ILoggerFactory>().CreateLogger("Fulcrum.Limits")));
        logging.AddFilter<Edge.BadRequestLogRelay>(null, LogLevel.None);
        logging.AddFilter<Edge.BadRequestLogRelay>(Edge.BadRequestLogRelay.Category, LogLevel.Debug);
        // YARP's forwarding errors go through a relay that drops the stack-trace copy of those same limit hits.
        logging.Services.AddSingleton<ILoggerProvider>(sp => new Edge.ForwarderLogRelay(() => sp.GetRequiredService<ILoggerFactory>().CreateLogger("Fulcrum.Forwarder")));
        logging.AddFilter<Edge.ForwarderLogRelay>(null, LogLevel.None);
        logging.AddFilter<Edge.ForwarderLogRelay>(Edge.ForwarderLogRelay.Category, LogLevel.Warning);
        logging.AddFilter(Edge.ForwarderLogRelay.Category, LogLevel.None);
    }
}
