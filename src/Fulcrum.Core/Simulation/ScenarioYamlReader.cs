using System.Globalization;
using Fulcrum.Core.Config;
using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// Reads typed values out of a scenario file's YAML nodes (the config's <see cref="YamlTreeReader"/> tree, with the
/// same <see cref="ConfigLimits"/>), collecting every problem as a <see cref="ConfigError"/> with file, line, column,
/// field and what is allowed, instead of stopping at the first. Durations use the config's <see cref="Config.Duration"/>.
/// </summary>
internal sealed class ScenarioYamlReader(string file)
{
    /// <summary>
    /// Longest scenario duration. Simulated time sets no .NET timer, so the config's 24-day cap does not apply,
    /// but a year of virtual time is past any useful run and keeps every sum of times far from overflowing.
    /// </summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(365);

    public string File { get; } = file;

    public List<ConfigError> Errors { get; } = [];

    public SourceLocation At(ConfigNode node) => new(File, node.Line, node.Column);

    public void Error(ConfigNode node, string field, string message) => Errors.Add(new ConfigError(At(node), field, message));

    public MapNode? Mapping(ConfigNode node, string field)
    {
        if (node is MapNode mapping)
        {
            return mapping;
        }
        Error(node, field, "expected a mapping (key: value lines or { key: value })");
        return null;
    }

    /// <summary>An empty mapping at <paramref name="at"/>, for a block written as an empty value (`b:`).</summary>
    public static MapNode EmptyMapping(ConfigNode at) => new(at.Line, at.Column, [], []);

    /// <summary>
    /// The (scalar) keys of <paramref name="mapping"/> with their values; reports keys not in <paramref name="allowed"/>
    /// and keys given twice (the first one counts).
    /// </summary>
    public IEnumerable<(string Key, ConfigNode KeyNode, ConfigNode Value)> Entries(MapNode mapping, string field, params string[] allowed)
    {
        foreach (var (duplicate, first) in mapping.Duplicates)
        {
            Error(duplicate.Key, Join(field, duplicate.Key.Value),
                $"duplicate key {SafeText.Quote(duplicate.Key.Value)}: it is already given at line {first.Key.Line}; each key may appear once");
        }
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            if (allowed.Length > 0 && Array.IndexOf(allowed, key) < 0)
            {
                Error(entry.Key, Join(field, key), $"unknown setting; allowed here: {string.Join(", ", allowed)}");
                continue;
            }
            yield return (key, entry.Key, entry.Value);
        }
    }

    public string? String(ConfigNode node, string field)
    {
        if (node is ScalarNode { Value.Length: > 0 } scalar)
        {
            return scalar.Value;
        }
        Error(node, field, "expected a non-empty text value");
        return null;
    }

    public int? Int(ConfigNode node, string field, int min = int.MinValue)
    {
        if (node is ScalarNode { Value: var text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            if (value >= min)
            {
                return value;
            }
            Error(node, field, $"must be at least {min}, not {value}");
            return null;
        }
        Error(node, field, $"expected a whole number{(min > int.MinValue ? $" of at least {min}" : "")}, not {Text(node)}");
        return null;
    }

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="exclusiveMin"/> excludes min itself.</summary>
    public double? Double(ConfigNode node, string field, double min, double max = double.MaxValue, bool exclusiveMin = false)
    {
        var range = max == double.MaxValue
            ? (exclusiveMin ? $"above {min}" : $"at least {min}")
            : $"between {min} and {max}";
        if (node is ScalarNode { Value: var text }
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            if ((exclusiveMin ? value > min : value >= min) && value <= max)
            {
                return value;
            }
            Error(node, field, $"must be {range}, not {SafeText.Quote(text)}");
            return null;
        }
        Error(node, field, $"expected a number {range}, not {Text(node)}");
        return null;
    }

    /// <summary>A duration in the config's grammar (<see cref="Config.Duration"/>), at most <see cref="MaxDuration"/>.</summary>
    public TimeSpan? Duration(ConfigNode node, string field)
    {
        if (node is ScalarNode { Value: var text })
        {
            if (Config.Duration.TryParse(text, MaxDuration, out var value, out var error))
            {
                return value;
            }
            Error(node, field, $"expected a duration like 250us, 10ms, 30s, 5m or 1h: {error}");
            return null;
        }
        Error(node, field, $"expected a duration like 250us, 10ms, 30s, 5m or 1h, not {Text(node)}");
        return null;
    }

    public bool? Bool(ConfigNode node, string field)
    {
        if (node is ScalarNode { Value: var text } && bool.TryParse(text, out var value))
        {
            return value;
        }
        Error(node, field, $"expected true or false, not {Text(node)}");
        return null;
    }

    /// <summary>A whole number, or null when the value is <paramref name="unlimitedWord"/>.</summary>
    public int? IntOrUnlimited(ConfigNode node, string field, string unlimitedWord, int min, out bool ok)
    {
        ok = true;
        if (node is ScalarNode { Value: var text } && text == unlimitedWord)
        {
            return null;
        }
        var value = Int(node, field, min);
        ok = value is not null;
        return value;
    }

    /// <summary>The scalar text of <paramref name="node"/>, or null for a list or mapping.</summary>
    public static string? ScalarText(ConfigNode node) => (node as ScalarNode)?.Value;

    public static string Join(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    private static string Text(ConfigNode node) => node switch
    {
        ScalarNode scalar => SafeText.Quote(scalar.Value),
        ListNode => "a list",
        _ => "a mapping",
    };
}
