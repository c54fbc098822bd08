using Fulcrum.Core.Config;
using Fulcrum.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fulcrum.Fleet;

/// <summary>
/// Follows the store's config versions: LISTENs on the config channel and, on every (re)connect and notification,
/// reads the latest version and offers it to the <see cref="ConfigGate"/> (audit-gated; forced versions are applied
/// forced). Reading the latest on each connect means a notification missed while disconnected costs nothing.
/// The outcome, served or refused with the reason, is reported to the store at once.
/// </summary>
internal sealed partial class FleetConfigFollower(FleetStore store, FleetInstanceState state, FleetReporter reporter, ConfigGate gate, TimeProvider time, ILogger<FleetConfigFollower> logger) : BackgroundService
{
    /// <summary>How long to wait for a notification before checking the connection is still alive.</summary>
    private static readonly TimeSpan Keepalive = TimeSpan.FromSeconds(15);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        StoreSession.RunAsync(store, FollowAsync, (type, reason) => LogDisconnected(logger, type, reason), time, stoppingToken);

    private async Task FollowAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        await using (var listen = new NpgsqlCommand($"LISTEN {FleetSchema.ConfigChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }
        LogReconnected(logger);
        await CatchUpAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await connection.WaitAsync(Keepalive, stoppingToken))
            {
                // No news: prove the session is alive (a dead one throws here and we reconnect).
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(stoppingToken);
            }
            await CatchUpAsync(stoppingToken);
        }
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var latest = await store.LatestVersionAsync(cancellationToken);
        if (latest is null || state.Handled(latest.Id))
        {
            return;
        }
        // The gate blocks while YARP applies; keep that off the connection's loop.
        var result = await Task.Run(() => Apply(latest), cancellationToken);
        if (result.Applied)
        {
            state.OnServed(latest.Id);
            LogServed(logger, latest.Id, latest.Forced ? " (forced)" : "");
        }
        else
        {
            var reason = string.Join("; ", new[] { result.Message }
                .Concat(result.Errors.Select(e => e.ToString()))
                .Concat(result.Findings.Where(f => f.IsError).Select(f => f.ToString())));
            state.OnRefused(latest.Id, reason);
            LogRefused(logger, latest.Id, reason);
        }
        await reporter.ReportNowAsync(cancellationToken);
    }

    private ApplyResult Apply(ConfigVersion version)
    {
        var local = gate.Current;
        var folder = local is not null && File.Exists(local.Source.File)
            ? Path.GetDirectoryName(Path.GetFullPath(local.Source.File))!
            : Directory.GetCurrentDirectory();
        FulcrumConfig config;
        try
        {
            config = ConfigLoader.Parse(version.Yaml, $"fleet version {version.Id}", folder);
        }
        catch (ConfigException e)
        {
            return ApplyResult.Refused($"fleet version {version.Id} is invalid ({e.Errors.Count} error(s))", e.Errors, []);
        }
        if (local is not null)
        {
            // Where this instance listens, its admin API, spool and fleet identity are its own, not the fleet's.
            config = config with { Listen = local.Listen, Admin = local.Admin, Journal = local.Journal, Fleet = local.Fleet };
        }
        // Who pushed the version and why travel with it: the instance journals them with the change.
        return gate.TryApply(config, version.Yaml, ConfigTrigger.Fleet, version.Forced, new ConfigActor(version.PushedBy, version.Reason));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "fleet: serving config version {Version}{Forced}")]
    private static partial void LogServed(ILogger logger, long version, string forced);

    [LoggerMessage(Level = LogLevel.Error, Message = "fleet: refused config version {Version}: {Reason}")]
    private static partial void LogRefused(ILogger logger, long version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet: lost the store ({Type}: {Reason}); serving the current config, reconnecting every second")]
    private static partial void LogDisconnected(ILogger logger, string type, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "fleet: store reached; following config versions")]
    private static partial void LogReconnected(ILogger logger);
}
