using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

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

    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = ParseDuration,
    };

    /// <summary>Durations as in the config file: 250ms, 30s, 5m, 1h.</summary>
    public static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParseDuration(text, out var value))
        {
            return value;
        }
        result.AddError($"'{text}' is not a duration; use a number with ms, s, m or h (250ms, 30s, 5m, 1h)");
        return default;
    }

    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        (string Suffix, double Ticks)[] units = [("ms", TimeSpan.TicksPerMillisecond), ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour)];
        foreach (var (suffix, ticks) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                && number >= 0)
            {
                value = TimeSpan.FromTicks((long)(number * ticks));
                return true;
            }
        }
        value = default;
        return false;
    }
}
