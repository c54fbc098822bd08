using System.Globalization;
using Fulcrum.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// Reads typed values out of a scenario file's YAML nodes, collecting every problem as a <see cref="ConfigError"/>
/// with file, line, column, field and what is allowed, instead of stopping at the first.
/// </summary>
internal sealed class ScenarioYamlReader(string file)
{
    public string File { get; } = file;

    public List<ConfigError> Errors { get; } = [];

    public SourceLocation At(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode node, string field, string message) => Errors.Add(new ConfigError(At(node), field, message));

    public YamlMappingNode? Mapping(YamlNode node, string field)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }
        Error(node, field, "expected a mapping (key: value lines or { key: value })");
        return null;
    }

    /// <summary>The (scalar) keys of <paramref name="mapping"/> with their values; reports keys not in <paramref name="allowed"/>.</summary>
    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping, string field, params string[] allowed)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (allowed.Length > 0 && Array.IndexOf(allowed, key) < 0)
            {
                Error(keyNode, Join(field, key), $"unknown setting; allowed here: {string.Join(", ", allowed)}");
                continue;
            }
            yield return (key, keyNode, value);
        }
    }

    public string? String(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }
        Error(node, field, "expected a non-empty text value");
        return null;
    }

    public int? Int(YamlNode node, string field, int min = int.MinValue)
    {
        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            if (value >= min)
            {
                return value;
            }
            Error(node, field, $"must be at least {min}, not {value}");
            return null;
        }
        Error(node, field, $"expected a whole number{(min > int.MinValue ? $" of at least {min}" : "")}, not '{Text(node)}'");
        return null;
    }

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="exclusiveMin"/> excludes min itself.</summary>
    public double? Double(YamlNode node, string field, double min, double max = double.MaxValue, bool exclusiveMin = false)
    {
        var range = max == double.MaxValue
            ? (exclusiveMin ? $"above {min}" : $"at least {min}")
            : $"between {min} and {max}";
        if (node is YamlScalarNode { Value: { } text }
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            if ((exclusiveMin ? value > min : value >= min) && value <= max)
            {
                return value;
            }
            Error(node, field, $"must be {range}, not {text}");
            return null;
        }
        Error(node, field, $"expected a number {range}, not '{Text(node)}'");
        return null;
    }

    public TimeSpan? Duration(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { } text } && TryParseDuration(text, out var value))
        {
            return value;
        }
        Error(node, field, $"expected a duration like 250us, 10ms, 30s, 5m or 1h, not '{Text(node)}'");
        return null;
    }

    public bool? Bool(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var value))
        {
            return value;
        }
        Error(node, field, $"expected true or false, not '{Text(node)}'");
        return null;
    }

    /// <summary>A whole number, or null when the value is <paramref name="unlimitedWord"/>.</summary>
    public int? IntOrUnlimited(YamlNode node, string field, string unlimitedWord, int min, out bool ok)
    {
        ok = true;
        if (node is YamlScalarNode { Value: { } text } && text == unlimitedWord)
        {
            return null;
        }
        var value = Int(node, field, min);
        ok = value is not null;
        return value;
    }

    public static string Join(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    /// <summary>Durations as the config contract writes them, plus us; decimals allowed (0.5s).</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        (string Suffix, double Ticks)[] units =
        [
            ("us", 10), ("ms", TimeSpan.TicksPerMillisecond), ("s", TimeSpan.TicksPerSecond),
            ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
        ];
        foreach (var (suffix, ticks) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && amount >= 0 && double.IsFinite(amount) && amount * ticks < long.MaxValue / 2.0)
            {
                value = TimeSpan.FromTicks((long)Math.Round(amount * ticks));
                return true;
            }
        }
        value = default;
        return false;
    }

    private static string Text(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? "" : node.NodeType.ToString().ToLowerInvariant();
}
