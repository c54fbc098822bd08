using System.CommandLine;
using System.CommandLine.Parsing;

namespace Fulcrum.Cli;

/// <summary>Options several commands share, and parsers for the contract's value formats.</summary>
internal static class CliOptions
{
    public static Option<string> Config(bool required = false) => new("--config", "-c")
    {
        Description = "Path of the Fulcrum config file (YAML).",
        Required = required,
        DefaultValueFactory = required ? null! : _ => "fulcrum.yaml",
    };

    /// <summary><c>--json</c>: machine-readable output for scripts instead of text for people.</summary>
    public static Option<bool> Json(string description) => new("--json") { Description = description };

    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = ParseDuration,
    };

    /// <summary>Durations as in the config file: 250ms, 30s, 5m, 1h, 1m30s (the config's own parser).</summary>
    public static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (Core.Config.Duration.TryParse(text, out var value, out var error))
        {
            return value;
        }
        result.AddError($"'{text}': {error}");
        return default;
    }
}
