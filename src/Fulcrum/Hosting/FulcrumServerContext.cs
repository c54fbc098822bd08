using Fulcrum.Metrics;
using Fulcrum.Proxy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting;

/// <summary>
/// The state shared by the proxy app and the admin app of one Fulcrum process (they are separate web apps on
/// separate listeners, so the admin API stays reachable and cheap whatever the data plane is doing).
/// </summary>
internal sealed class FulcrumServerContext
{
    public FulcrumServerContext(TimeProvider time, LogFormat logFormat, bool monitoring)
    {
        Time = time;
        LogFormat = logFormat;
        Monitoring = monitoring;
        Registry = new ClusterRegistry(time);
        Registry.Replaced += Metrics.Bind;
        Metrics.Contributors += sink =>
        {
            foreach (var cluster in Registry.All)
            {
                foreach (var backend in cluster.Balancer.Backends)
                {
                    sink.Destination(cluster.Name, backend);
                }
            }
        };
        if (monitoring)
        {
            Observers.Add(Metrics);
        }
    }

    /// <summary>False only to measure what monitoring costs: no per-request recording beyond what balancing needs.</summary>
    public bool Monitoring { get; }

    public FulcrumMetrics Metrics { get; } = new();

    public TimeProvider Time { get; }

    public LogFormat LogFormat { get; }

    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public ClusterRegistry Registry { get; }

    public FulcrumProxyConfigProvider ConfigProvider { get; } = new();

    public List<IRequestObserver> Observers { get; } = [];

    /// <summary>Logging for both apps: one line per event, or JSON for log shippers.</summary>
    public void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        if (LogFormat == LogFormat.Json)
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
    }

    public void Register(IServiceCollection services)
    {
        services.AddSingleton(Time);
        services.AddSingleton(this);
        services.AddSingleton(Registry);
        foreach (var observer in Observers)
        {
            services.AddSingleton(observer);
        }
    }
}

public enum LogFormat { Text, Json }
