using System.Text.Json;
using Fulcrum.Core.Config;
using Fulcrum.Proxy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Configuration;
using ClusterConfig = Fulcrum.Core.Config.ClusterConfig;
using RouteConfig = Fulcrum.Core.Config.RouteConfig;

namespace Fulcrum.Settings;

/// <summary>
/// Reads a YARP app's settings file (appsettings.json: a <c>ReverseProxy</c> section plus Fulcrum metadata and an
/// optional <c>Fulcrum</c> section) into a <see cref="FulcrumConfig"/> for the audit, exactly as the running app
/// would read it: the configuration system's JSON reader, YARP's own config reader, Fulcrum's metadata reader and the
/// <c>fulcrum.yaml</c> settings readers. Findings and errors point at the file's lines. Throws <see cref="ConfigException"/>.
/// </summary>
internal static class YarpSettingsFile
{
    public static bool Handles(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public static FulcrumConfig Load(string path)
    {
        // The same bounded read as fulcrum.yaml: a huge file is refused before it is read.
        var text = ConfigText.TryReadFile(path, ConfigLimits.Default, out var error)
            ?? throw Error(new SourceLocation(path, 1, 1), "", error);
        return Parse(text, path);
    }

    public static FulcrumConfig Parse(string text, string path)
    {
        if (ConfigText.CheckSize(text, ConfigLimits.Default) is { } tooBig)
        {
            throw Error(new SourceLocation(path, 1, 1), "", tooBig);
        }
        JsonPositions positions;
        try
        {
            positions = JsonPositions.Read(path, text);
        }
        catch (JsonException e)
        {
            throw Error(new SourceLocation(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1), "", $"not valid JSON: {FirstSentence(e.Message)}");
        }
        var proxy = ReadProxyConfig(text, path, positions);
        var problems = new List<YarpConfigReader.Problem>();
        // Relative paths resolve against the file's folder, as fulcrum.yaml's do (the app resolves them against its
        // content root, which is where it reads this file from).
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        var routes = YarpConfigReader.Routes(proxy.Routes);
        YarpConfigReader.CheckRoutes(proxy.Routes, problems);
        var clusters = YarpConfigReader.Clusters(proxy.Clusters, problems, baseDirectory: directory);
        var errors = problems.Select(p => new ConfigError(Nearest(positions, p.Path), p.Path, p.Message)).ToList();
        FulcrumSettings settings;
        try
        {
            settings = SettingsLoader.Parse(positions.SectionText("Fulcrum") ?? "", path, directory);
        }
        catch (ConfigException e)
        {
            errors.AddRange(e.Errors.Select(error => error with { Field = $"Fulcrum:{error.Field}" }));
            settings = SettingsLoader.Parse("", path, Directory.GetCurrentDirectory());
        }
        if (errors.Count > 0)
        {
            throw new ConfigException(errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList());
        }
        return new FulcrumConfig
        {
            Listen = [],
            Admin = settings.Admin,
            Routes = routes,
            Clusters = clusters,
            Fairness = settings.Fairness,
            Alerts = settings.Alerts,
            Journal = settings.Journal,
            Audit = settings.Audit,
            Source = SourceMapFor(path, positions, routes, clusters, settings.Source),
        };
    }

    private static IProxyConfig ReadProxyConfig(string text, string path, JsonPositions positions)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddReverseProxy().LoadFromConfig(configuration.GetSection(YarpConfigReader.Section));
        using var provider = services.BuildServiceProvider();
        try
        {
            return provider.GetRequiredService<IProxyConfigProvider>().GetConfig();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            var at = positions.TryFind(YarpConfigReader.Section, out var found) ? found : new SourceLocation(path, 1, 1);
            throw Error(at, YarpConfigReader.Section, $"YARP cannot read this section: {e.InnerException?.Message ?? e.Message}");
        }
    }

    private static SourceMap SourceMapFor(string path, JsonPositions positions, IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, SourceMap settings)
    {
        var map = new Dictionary<string, SourceLocation>(settings.Locations, StringComparer.Ordinal);
        void Add(string key, string yarpPath)
        {
            if (positions.TryFind(yarpPath, out var location))
            {
                map.TryAdd(key, location);
            }
        }
        var section = YarpConfigReader.Section;
        for (var i = 0; i < routes.Count; i++)
        {
            var at = $"{section}:Routes:{routes[i].Name}";
            Add($"routes[{i}]", at);
            foreach (var (fulcrum, yarp) in YarpConfigReader.RouteSettingPaths)
            {
                Add($"routes[{i}].{fulcrum}", yarp.Length == 0 ? at : $"{at}:{yarp}");
            }
        }
        foreach (var cluster in clusters)
        {
            var at = $"{section}:Clusters:{cluster.Name}";
            Add($"clusters.{cluster.Name}", at);
            foreach (var (fulcrum, yarp) in YarpConfigReader.ClusterSettingPaths)
            {
                Add($"clusters.{cluster.Name}.{fulcrum}", $"{at}:{yarp}");
            }
            foreach (var destination in cluster.Destinations)
            {
                var destinationAt = $"{at}:Destinations:{destination.Name}";
                Add($"clusters.{cluster.Name}.destinations.{destination.Name}", destinationAt);
                foreach (var (fulcrum, yarp) in YarpConfigReader.DestinationSettingPaths)
                {
                    Add($"clusters.{cluster.Name}.destinations.{destination.Name}.{fulcrum}", $"{destinationAt}:{yarp}");
                }
            }
        }
        return new SourceMap(path, map);
    }

    /// <summary>The position of a path, or of its nearest written parent.</summary>
    private static SourceLocation Nearest(JsonPositions positions, string path)
    {
        for (var probe = path; probe.Length > 0; probe = probe.Contains(':') ? probe[..probe.LastIndexOf(':')] : "")
        {
            if (positions.TryFind(probe, out var location))
            {
                return location;
            }
        }
        return new SourceLocation(positions.File, 1, 1);
    }

    private static ConfigException Error(SourceLocation at, string field, string message) => new([new ConfigError(at, field, message)]);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
