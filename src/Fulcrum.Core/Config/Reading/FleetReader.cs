using System.Text;
using System.Text.RegularExpressions;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// <c>fleet: { store, connection-env, instance, report-every, keep-versions }</c>. Absent means a single instance. The instance name
/// may use <c>${VAR}</c>; when a variable is unset the default (machine name and process id) is used rather than an
/// empty or partial name, since two instances sharing a name would merge their reports.
/// </summary>
internal static partial class FleetReader
{
    public static FleetConfig? Read(ReadContext ctx, Yaml.ConfigNode? node, Func<string, string?> environment)
    {
        if (node is null || ctx.Map(node, "fleet", ConfigKeys.Fleet) is not { } map)
        {
            return null;
        }
        var store = map.Required("store", "the shared store; the one supported is 'postgres'") is not null
            ? map.Choice("store", ["postgres"])
            : null;
        var connectionEnv = map.Required("connection-env", "the name of an environment variable holding the Npgsql connection string, e.g. FULCRUM_STORE") is not null
            ? map.String("connection-env", "an environment variable name")
            : null;
        if (connectionEnv is not null && !IsVariableName(connectionEnv))
        {
            map.Fail("connection-env", $"'{connectionEnv}' is not an environment variable name; put the connection string in a variable (e.g. FULCRUM_STORE) and name it here");
            connectionEnv = null;
        }
        var instance = FleetConfig.DefaultInstance;
        if (map.String("instance", "a name for this instance, e.g. ${HOSTNAME}") is { } text)
        {
            instance = Expand(map, text, environment) ?? instance;
        }
        var reportEvery = map.Duration("report-every") ?? FleetConfig.DefaultReportEvery;
        var keepVersions = map.Int("keep-versions", min: 1) ?? FleetConfig.DefaultKeepVersions;
        return store is null || connectionEnv is null ? null : new FleetConfig(FleetStoreKind.Postgres, connectionEnv, instance, reportEvery, keepVersions);
    }

    private static string? Expand(MapReader map, string text, Func<string, string?> environment)
    {
        var result = new StringBuilder();
        var last = 0;
        foreach (Match match in Variable().Matches(text))
        {
            var value = environment(match.Groups[1].Value);
            if (string.IsNullOrEmpty(value))
            {
                // Unset (e.g. HOSTNAME is a shell variable, not exported): the default name is unique too, and a
                // `fulcrum config push` from a laptop must not fail over a variable only the instances have.
                return null;
            }
            result.Append(text, last, match.Index - last).Append(value);
            last = match.Index + match.Length;
        }
        result.Append(text, last, text.Length - last);
        var name = result.ToString().Trim();
        if (name.Length == 0)
        {
            map.Fail("instance", "the instance name is empty; give a name unique in the fleet, e.g. ${HOSTNAME}");
            return null;
        }
        return name;
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();
}
