using Fulcrum.Admin;
using Fulcrum.Core.Config;
using Fulcrum.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting;

/// <summary>
/// One running Fulcrum: the proxy app on <c>listen</c>, the admin app on <c>admin.listen</c>, the config gate and
/// reloader, and everything they share. Used by <c>fulcrum run</c>, <c>fulcrum demo</c> and the end-to-end tests.
/// </summary>
public sealed class FulcrumServer : IAsyncDisposable
{
    private readonly WebApplication _proxy;
    private readonly WebApplication _admin;
    private readonly ConfigReloader? _reloader;

    private FulcrumServer(FulcrumServerContext context, ConfigGate gate, FulcrumOperations operations, WebApplication proxy, WebApplication admin, ConfigReloader? reloader)
    {
        Context = context;
        Gate = gate;
        Operations = operations;
        _proxy = proxy;
        _admin = admin;
        _reloader = reloader;
        ProxyAddress = FirstAddress(proxy);
        AdminAddress = FirstAddress(admin);
    }

    public Uri ProxyAddress { get; }

    public Uri AdminAddress { get; }

    internal FulcrumServerContext Context { get; }

    internal ConfigGate Gate { get; }

    internal FulcrumOperations Operations { get; }

    /// <summary>Loads, audits and applies the config, then starts both listeners. Throws <see cref="ConfigException"/> or <see cref="StartupRefusedException"/>.</summary>
    public static async Task<FulcrumServer> StartAsync(FulcrumServerOptions options, CancellationToken cancellationToken = default)
    {
        var path = options.ConfigPath ?? "fulcrum.yaml";
        var yaml = options.ConfigYaml ?? await File.ReadAllTextAsync(path, cancellationToken);
        var config = ConfigLoader.Parse(yaml, path);
        var auth = AdminAuth.For(config.Admin, Environment.GetEnvironmentVariable);

        var context = new FulcrumServerContext(options.Time, options.LogFormat, options.Monitoring) { ShutdownTimeout = options.ShutdownTimeout };
        var operations = new FulcrumOperations(context, config);
        WebApplication? proxy = null;
        WebApplication? admin = null;
        try
        {
            proxy = ProxyApp.Build(context, config.Listen);
            var gateLogger = proxy.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Fulcrum.Config");
            var gate = new ConfigGate(context, FulcrumOperations.Audit, gateLogger);
            operations.Wire(gate);
            admin = AdminApp.Build(context, config.Admin.Listen, auth, gate, operations);

            var result = gate.TryApply(config, yaml, ConfigTrigger.Startup, options.Force);
            if (!result.Applied)
            {
                throw new StartupRefusedException(result);
            }
            await proxy.StartAsync(cancellationToken);
            await admin.StartAsync(cancellationToken);
            var reloader = options.WatchConfig && options.ConfigYaml is null
                ? new ConfigReloader(path, gate, options.Time, gateLogger, yaml)
                : null;
            var server = new FulcrumServer(context, gate, operations, proxy, admin, reloader);
            operations.Start(server.ProxyAddress, server.AdminAddress);
            return server;
        }
        catch
        {
            // A refused or failed start must not leave listeners, timers or the journal behind.
            foreach (var app in new[] { proxy, admin })
            {
                if (app is not null)
                {
                    await app.DisposeAsync();
                }
            }
            await operations.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes when the process is asked to stop (SIGTERM, Ctrl+C).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _proxy.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _reloader?.Dispose();
        // Kestrel stops accepting, then drains in-flight requests up to the shutdown timeout.
        await Task.WhenAll(_proxy.StopAsync(), _admin.StopAsync());
        await _proxy.DisposeAsync();
        await _admin.DisposeAsync();
        await Operations.DisposeAsync();
    }

    private static Uri FirstAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
