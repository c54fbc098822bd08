using Fulcrum.Core.Config.Reading;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config;

/// <summary>Fulcrum's settings beyond routes and clusters, as an embedding app's <c>Fulcrum</c> section holds them.</summary>
public sealed record FulcrumSettings(FairnessConfig Fairness, AlertsConfig Alerts, JournalConfig Journal, AdminConfig Admin)
{
    /// <summary>Where each setting was written (keys as in <c>fulcrum.yaml</c>: <c>fairness.tolerance</c>).</summary>
    public SourceMap Source { get; init; } = SourceMap.Empty;

    /// <summary>The scheduled re-audit (<c>audit.every</c>); default every hour.</summary>
    public AuditConfig Audit { get; init; } = AuditConfig.Default;
}

/// <summary>
/// Reads the <c>fairness</c>, <c>alerts</c>, <c>journal</c>, <c>admin</c> and <c>audit</c> sections with the very readers of the
/// <c>fulcrum.yaml</c> contract (same keys, defaults, duration grammar and errors), for a YARP app whose routes and
/// clusters live in YARP's own config. The text is YAML or JSON (JSON is YAML). Throws <see cref="ConfigException"/>.
/// </summary>
public static class SettingsLoader
{
    public static readonly IReadOnlyList<string> Sections = ["fairness", "alerts", "journal", "admin", "audit"];

    /// <summary>Reads the settings sections with the default <see cref="ConfigLimits"/>.</summary>
    public static FulcrumSettings Parse(string text, string fileName, string baseDirectory) =>
        Parse(text, fileName, baseDirectory, ConfigLimits.Default);

    /// <summary>Reads the settings sections; hostile text ends in a <see cref="ConfigException"/>, bounded by <paramref name="limits"/>.</summary>
    public static FulcrumSettings Parse(string text, string fileName, string baseDirectory, ConfigLimits limits)
    {
        ArgumentNullException.ThrowIfNull(baseDirectory);
        return ConfigGuard.ReadDocument(text, fileName, limits, "settings", (ctx, root) => ReadRoot(ctx, root, baseDirectory));
    }

    private static FulcrumSettings ReadRoot(ReadContext ctx, ConfigNode? root, string baseDirectory)
    {
        if (root is null)
        {
            return new FulcrumSettings(FairnessConfig.Default, AlertsConfig.Default,
                new JournalConfig(Path.GetFullPath(JournalConfig.DefaultPath, baseDirectory)), AdminConfig.Default);
        }
        if (ctx.Map(root, "", Sections) is not { } map)
        {
            throw new ConfigException(ctx.Errors);
        }
        return new FulcrumSettings(
            FairnessReader.Read(ctx, map["fairness"]),
            AlertsReader.Read(ctx, map["alerts"]),
            JournalReader.Read(ctx, map["journal"], baseDirectory),
            AdminReader.Read(ctx, map["admin"]))
        {
            Audit = AuditReader.Read(ctx, map["audit"]),
            Source = new SourceMap(ctx.File, ctx.Locations),
        };
    }
}
