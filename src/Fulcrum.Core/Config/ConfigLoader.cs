using Fulcrum.Core.Config.Reading;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config;

/// <summary>
/// Loads and validates the YAML config contract. Throws <see cref="ConfigException"/> with every error found, and
/// nothing else for any text (only <see cref="ArgumentException"/>s for misuse by the caller): hostile input is
/// bounded by <see cref="ConfigLimits"/>.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Loads <paramref name="path"/> with the default <see cref="ConfigLimits"/>.</summary>
    public static FulcrumConfig LoadFile(string path) => LoadFile(path, ConfigLimits.Default);

    /// <summary>Loads <paramref name="path"/>, reading no more of it than <see cref="ConfigLimits.MaxBytes"/>.</summary>
    public static FulcrumConfig LoadFile(string path, ConfigLimits limits)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(limits);
        if (ConfigText.TryReadFile(path, limits, out var error) is not { } yaml)
        {
            throw new ConfigException([new ConfigError(new SourceLocation(path, 1, 1), "", $"cannot read the config file: {error}")]);
        }
        return Parse(yaml, path, limits);
    }

    /// <summary>Parses a config; relative paths in it (the journal) resolve against the folder of <paramref name="fileName"/>.</summary>
    public static FulcrumConfig Parse(string yaml, string fileName) => Parse(yaml, fileName, ConfigLimits.Default);

    /// <summary>As <see cref="Parse(string, string)"/>, with the given limits.</summary>
    public static FulcrumConfig Parse(string yaml, string fileName, ConfigLimits limits) =>
        Parse(yaml, fileName, Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? Directory.GetCurrentDirectory(), limits);

    /// <summary>Parses a config that has no file of its own (e.g. posted to the admin API); relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static FulcrumConfig Parse(string yaml, string fileName, string baseDirectory) =>
        Parse(yaml, fileName, baseDirectory, ConfigLimits.Default);

    /// <summary>As <see cref="Parse(string, string, string)"/>, with the given limits.</summary>
    public static FulcrumConfig Parse(string yaml, string fileName, string baseDirectory, ConfigLimits limits)
    {
        ArgumentNullException.ThrowIfNull(baseDirectory);
        return ConfigGuard.ReadDocument(yaml, fileName, limits, "config", (ctx, root) => root is null
            ? throw new ConfigException([new ConfigError(new SourceLocation(fileName, 1, 1), "",
                "the config file is empty; it needs at least 'routes' and 'clusters' (see samples/fulcrum.yaml)")])
            : ReadRoot(ctx, root, baseDirectory));
    }

    private static FulcrumConfig ReadRoot(ReadContext ctx, ConfigNode root, string baseDirectory)
    {
        if (ctx.Map(root, "", ConfigKeys.Root) is not { } map)
        {
            throw new ConfigException(ctx.Errors);
        }
        var listeners = ListenReader.Read(ctx, map["listen"], baseDirectory);
        var config = new FulcrumConfig
        {
            Listen = [.. listeners.Select(l => l.Url)],
            Listeners = listeners,
            Limits = LimitsReader.Read(ctx, map["limits"]),
            Forwarded = ForwardedReader.Read(ctx, map["forwarded"]),
            Admin = AdminReader.Read(ctx, map["admin"]),
            Routes = RouteReader.Read(ctx, map["routes"], root),
            Clusters = ClusterReader.Read(ctx, map["clusters"], root, baseDirectory),
            Fairness = FairnessReader.Read(ctx, map["fairness"]),
            Alerts = AlertsReader.Read(ctx, map["alerts"]),
            Journal = JournalReader.Read(ctx, map["journal"], baseDirectory),
            Fleet = FleetReader.Read(ctx, map["fleet"], Environment.GetEnvironmentVariable),
            Audit = AuditReader.Read(ctx, map["audit"]),
        };
        return config with { Source = new SourceMap(ctx.File, ctx.Locations) };
    }
}
