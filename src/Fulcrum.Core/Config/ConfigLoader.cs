using Fulcrum.Core.Config.Reading;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config;

/// <summary>Loads and validates the YAML config contract. Throws <see cref="ConfigException"/> with every error found.</summary>
public static class ConfigLoader
{
    public static FulcrumConfig LoadFile(string path)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigException([new ConfigError(new SourceLocation(path, 1, 1), "", $"cannot read the config file: {ex.Message}")]);
        }
        return Parse(yaml, path);
    }

    /// <summary>Parses a config; relative paths in it (the journal) resolve against the folder of <paramref name="fileName"/>.</summary>
    public static FulcrumConfig Parse(string yaml, string fileName) =>
        Parse(yaml, fileName, Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? Directory.GetCurrentDirectory());

    /// <summary>Parses a config that has no file of its own (e.g. posted to the admin API); relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static FulcrumConfig Parse(string yaml, string fileName, string baseDirectory)
    {
        var ctx = new ReadContext(fileName);
        var root = YamlTreeReader.Read(yaml, fileName, ctx.Errors);
        if (ctx.Errors.Count > 0)
        {
            throw new ConfigException(ctx.Errors);
        }
        if (root is null || root is ScalarNode { IsNull: true })
        {
            throw new ConfigException([new ConfigError(new SourceLocation(fileName, 1, 1), "",
                "the config file is empty; it needs at least 'routes' and 'clusters' (see samples/fulcrum.yaml)")]);
        }
        var config = ReadRoot(ctx, root, baseDirectory);
        CrossReferenceValidator.Validate(ctx);
        if (ctx.Errors.Count > 0)
        {
            throw new ConfigException(ctx.Errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList());
        }
        return config;
    }

    private static FulcrumConfig ReadRoot(ReadContext ctx, ConfigNode root, string baseDirectory)
    {
        if (ctx.Map(root, "", ConfigKeys.Root) is not { } map)
        {
            throw new ConfigException(ctx.Errors);
        }
        var config = new FulcrumConfig
        {
            Listen = ListenReader.Read(ctx, map["listen"]),
            Admin = AdminReader.Read(ctx, map["admin"]),
            Routes = RouteReader.Read(ctx, map["routes"], root),
            Clusters = ClusterReader.Read(ctx, map["clusters"], root),
            Fairness = FairnessReader.Read(ctx, map["fairness"]),
            Alerts = AlertsReader.Read(ctx, map["alerts"]),
            Journal = JournalReader.Read(ctx, map["journal"], baseDirectory),
            Fleet = FleetReader.Read(ctx, map["fleet"], Environment.GetEnvironmentVariable),
        };
        return config with { Source = new SourceMap(ctx.File, ctx.Locations) };
    }
}
