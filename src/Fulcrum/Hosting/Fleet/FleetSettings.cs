using Fulcrum.Core.Config;

namespace Fulcrum.Fleet;

/// <summary>The fleet block of the config this instance started with, plus the connection string read from its variable.</summary>
internal sealed record FleetSettings(FleetConfig Config, string ConnectionString)
{
    public string Instance => Config.Instance;

    /// <summary>An instance silent for longer than this is left out of the fleet view and shown as down.</summary>
    public TimeSpan LiveWithin => Config.ReportEvery * 3;

    /// <summary>Reads the connection string from the named variable; a missing one stops the start with a clear message.</summary>
    public static FleetSettings From(FleetConfig config, Func<string, string?> environment) =>
        environment(config.ConnectionEnv) is { Length: > 0 } connection
            ? new FleetSettings(config, connection)
            : throw new InvalidOperationException(
                $"fleet.connection-env names {config.ConnectionEnv}, which is not set; put the Npgsql connection string in it (e.g. Host=db;Username=fulcrum;Password=...;Database=fulcrum)");
}
