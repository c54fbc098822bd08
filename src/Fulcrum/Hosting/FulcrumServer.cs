using Fulcrum.Admin;
using Fulcrum.Core.Config;
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
public sealed class FulcrumServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConfigReloader? _reloader;

    private FulcrumServer(WebApplication app, ConfigReloader? reloader)
    {
        _app = app;
        _reloader = reloader;
        var listener = app.Services.GetRequiredService<AdminListener>();
        ProxyAddress = listener.ProxyAddress;
        AdminAddress = listener.Address!;
    }

    public Uri ProxyAddress { get; }

    public Uri AdminAddress { get; }

    internal IServiceProvider Services => _app.Services;

    internal ConfigGate Gate => Services.GetRequiredService<ConfigGate>();

    internal ClusterRegistry Registry => Services.GetRequiredService<ClusterRegistry>();

    internal EventJournal Journal => Services.GetRequiredService<EventJournal>();

    /// <summary>Loads, audits and applies the config, then starts listening. Throws <see cref="ConfigException"/> or <see cref="StartupRefusedException"/>.</summary>
    public static async Task<FulcrumServer> StartAsync(FulcrumServerOptions options, CancellationToken cancellationToken = default)
    {
        var path = options.ConfigPath ?? "fulcrum.yaml";
        var yaml = options.ConfigYaml ?? await File.ReadAllTextAsync(path, cancellationToken);
        var config = ConfigLoader.Parse(yaml, path);
        var auth = AdminAuth.For(config.Admin, Environment.GetEnvironmentVariable);

        var app = Build(options, config, auth);
        try
        {
            var gate = app.Services.GetRequiredService<ConfigGate>();
            var result = gate.TryApply(config, yaml, ConfigTrigger.Startup, options.Force);
            if (!result.Applied)
            {
                throw new StartupRefusedException(result);
            }
            app.MapFulcrumAdmin().WithMetadata(AdminEndpointMetadata.Instance);
            app.MapFulcrumFleet();
            // YARP loads the published config here, synchronously: a config YARP refuses stops the start.
            app.MapReverseProxy(pipeline => pipeline.UseFulcrum());
            await app.StartAsync(cancellationToken);
            // In a fleet the config comes from the store (`fulcrum config push`); the local file only starts the instance.
            var reloader = options.WatchConfig && options.ConfigYaml is null && config.Fleet is null
                ? new ConfigReloader(path, gate, options.Time, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Fulcrum.Config"), yaml)
                : null;
            return new FulcrumServer(app, reloader);
        }
        catch
        {
            // A refused or failed start must not leave listeners, timers or the journal behind.
            await app.DisposeAsync();
            throw;
        }
    }

    private static WebApplication Build(FulcrumServerOptions options, FulcrumConfig config, AdminAuth auth)
    {
        var builder = WebApplication.CreateSlimBuilder();
        FulcrumLogging.Configure(builder.Logging, options.LogFormat);
        builder.WebHost.UseKestrel(k => k.AddServerHeader = false);
        // The admin URL goes last: AdminListener finds it there once Kestrel has bound.
        builder.WebHost.UseUrls([.. config.Listen, config.Admin.Listen]);
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
        services.AddSingleton<AdminListener>();
        services.AddSingleton<IAdminAddress>(sp => sp.GetRequiredService<AdminListener>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, AdminListenerPolicy>());
        if (config.Fleet is { } fleet)
        {
            services.AddFulcrumFleet(FleetSettings.From(fleet, Environment.GetEnvironmentVariable), config.Alerts.Receivers);
        }
        services.AddReverseProxy().AddFulcrum();
        return builder.Build();
    }

    /// <summary>Completes when the process is asked to stop (SIGTERM, Ctrl+C).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _reloader?.Dispose();
        // Kestrel stops accepting, then drains in-flight requests up to the shutdown timeout.
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
