using Fulcrum.Admin;
using Fulcrum.Core.Config;
using Fulcrum.Hosting.Edge;
using Fulcrum.Fleet;
using Fulcrum.Journal;
using Fulcrum.Operations;
using Fulcrum.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Fulcrum.Hosting;

/// <summary>
/// One running <c>fulcrum</c>: a YARP app with <c>AddFulcrum()</c> like any other, whose config comes from the YAML
/// gate, with the proxy on <c>listen</c> and the admin API and dashboard on <c>admin.listen</c> (one Kestrel, kept
/// apart by port). Used by <c>fulcrum run</c>, <c>fulcrum demo</c> and the end-to-end tests.
/// </summary>
internal sealed class FulcrumServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConfigReloader? _reloader;
    private readonly EdgeListeners _edge;

    private FulcrumServer(WebApplication app, ConfigReloader? reloader, EdgeListeners edge)
    {
        _app = app;
        _reloader = reloader;
        _edge = edge;
        var listener = app.Services.GetRequiredService<AdminListener>();
        ProxyAddresses = listener.ProxyAddresses;
        AdminAddress = listener.Address!;
    }

    /// <summary>The first <c>listen</c> entry's bound address.</summary>
    public Uri ProxyAddress => ProxyAddresses[0];

    /// <summary>Every <c>listen</c> entry's bound address, in file order (port 0 resolved).</summary>
    public IReadOnlyList<Uri> ProxyAddresses { get; }

    public Uri AdminAddress { get; }

    internal IServiceProvider Services => _app.Services;

    internal ConfigGate Gate => Services.GetRequiredService<ConfigGate>();

    internal ClusterRegistry Registry => Services.GetRequiredService<ClusterRegistry>();

    internal EventJournal Journal => Services.GetRequiredService<EventJournal>();

    /// <summary>The file watcher and SIGHUP handler, when the config comes from a watched file.</summary>
    internal ConfigReloader? Reloader => _reloader;

    /// <summary>Loads, audits and applies the config, then starts listening. Throws <see cref="ConfigException"/> or <see cref="StartupRefusedException"/>.</summary>
    public static async Task<FulcrumServer> StartAsync(FulcrumServerOptions options, CancellationToken cancellationToken = default)
    {
        var path = options.ConfigPath ?? "fulcrum.yaml";
        var yaml = options.ConfigYaml ?? await File.ReadAllTextAsync(path, cancellationToken);
        var config = ConfigLoader.Parse(yaml, path);
        var auth = AdminAuth.For(config.Admin, Environment.GetEnvironmentVariable);

        var tlsLogger = new DeferredLogger();
        EdgeListeners edge;
        try
        {
            edge = new EdgeListeners(config.Listeners, tlsLogger);
        }
        catch (CertificateLoadException e)
        {
            throw new StartupFailureException(StartupFailure.Certificate, e.Message, e);
        }
        WebApplication app;
        try
        {
            app = Build(options, config, auth, edge);
        }
        catch
        {
            edge.Dispose();
            throw;
        }
        tlsLogger.Target = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Fulcrum.Tls");
        try
        {
            var gate = app.Services.GetRequiredService<ConfigGate>();
            var result = gate.TryApply(config, yaml, ConfigTrigger.Startup, options.Force, ConfigActor.Local(options.Reason));
            if (!result.Applied)
            {
                throw new StartupRefusedException(result);
            }
            TrustedProxies.Use(app, config.Forwarded);
            app.UseMiddleware<LimitResponses>();
            app.UseMiddleware<ConnectionNamedHeaders>();
            AdminPipeline.Map(app, app.Services.GetRequiredService<AdminListener>());
            // YARP loads the published config here, synchronously: a config YARP refuses stops the start.
            app.MapReverseProxy(pipeline => pipeline.UseFulcrum());
            await StartListeningAsync(app, cancellationToken);
            // In a fleet the config comes from the store (`fulcrum config push`); the local file only starts the instance.
            var reloader = options.WatchConfig && options.ConfigYaml is null && config.Fleet is null
                ? new ConfigReloader(path, gate, options.Time, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Fulcrum.Config"), yaml)
                : null;
            return new FulcrumServer(app, reloader, edge);
        }
        catch
        {
            // A refused or failed start must not leave listeners, timers or the journal behind.
            await app.DisposeAsync();
            edge.Dispose();
            throw;
        }
    }

    /// <summary>Starts Kestrel; a bind failure becomes a <see cref="StartupFailureException"/> (a runtime failure, not a bad config).</summary>
    private static async Task StartListeningAsync(WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            // Kestrel reports "address already in use" and "permission denied" as an IOException around the socket error.
            throw new StartupFailureException(StartupFailure.Bind, e.Message, e);
        }
    }

    private static WebApplication Build(FulcrumServerOptions options, FulcrumConfig config, AdminAuth auth, EdgeListeners edge)
    {
        var builder = WebApplication.CreateSlimBuilder();
        FulcrumLogging.Configure(builder.Logging, options.LogFormat);
        if (options.ExtraLogger is { } extra)
        {
            builder.Logging.AddProvider(extra);
        }
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            KestrelLimits.Apply(k.Limits, config.Limits);
            // The admin URL goes last: AdminListener finds it there once Kestrel has bound.
            ListenerBinding.Bind(k, edge, config.Admin.Listen);
        });
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = options.ShutdownTimeout);

        var services = builder.Services;
        services.AddSingleton(options.Time);
        services.AddSingleton(auth);
        var gateOptions = new GateOptions(config, options.Monitoring);
        services.AddSingleton(gateOptions);
        services.AddSingleton<IConfigureOptions<FulcrumOptions>>(gateOptions);
        services.AddSingleton<IOptionsChangeTokenSource<FulcrumOptions>>(gateOptions);
        services.AddSingleton<GatedConfigProvider>();
        services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<GatedConfigProvider>());
        services.AddSingleton<ConfigGate>();
        services.AddSingleton<IConfigGate>(sp => sp.GetRequiredService<ConfigGate>());
        // The file this process serves from (none when the YAML was handed in, as the demo does): the admin API
        // compares the serving config with it.
        if (options.ConfigYaml is null)
        {
            services.AddSingleton<IConfigFile>(new ConfigFile(config.Source.File));
        }
        services.AddSingleton<AdminListener>();
        services.AddSingleton<IAdminAddress>(sp => sp.GetRequiredService<AdminListener>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, AdminListenerPolicy>());
        if (config.Fleet is { } fleet)
        {
            services.AddFulcrumFleet(FleetSettings.From(fleet, Environment.GetEnvironmentVariable), config.Alerts.Receivers);
        }
        if (options.AuditBuild is { } build)
        {
            services.AddSingleton(build);
        }
        services.AddReverseProxy().AddFulcrum();
        if (options.FirstProbeAtInterval)
        {
            FirstProbeAtInterval.Use(services);
        }
        if (!options.Tracing)
        {
            TraceContext.TurnOff(builder);
        }
        return builder.Build();
    }

    /// <summary>Completes when the process is asked to stop (SIGTERM, Ctrl+C).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _reloader?.Dispose();
        _edge.Dispose();
        // Kestrel stops accepting, then drains in-flight requests up to the shutdown timeout.
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
