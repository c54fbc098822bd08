using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// State of one load: the file name, every error found so far and the location of every setting seen.
/// Readers report into it and carry on, so one pass finds all the problems (up to <see cref="ConfigLimits.MaxErrors"/>).
/// </summary>
internal sealed class ReadContext(string file, ConfigLimits limits)
{
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);
    private int _suppressed;

    public string File { get; } = file;

    public ConfigLimits Limits { get; } = limits;

    /// <summary>The errors kept so far; <see cref="Error(SourceLocation, string, string)"/> stops adding at the limit.</summary>
    public List<ConfigError> Errors { get; } = [];

    /// <summary>True once the error limit is reached: later errors are only counted, so skip costly hints for them.</summary>
    public bool IsFull => Errors.Count >= Limits.MaxErrors;

    public IReadOnlyDictionary<string, SourceLocation> Locations => _locations;

    /// <summary>Names that other sections refer to (clusters, receivers), checked once everything is read.</summary>
    public List<NameReference> References { get; } = [];

    /// <summary>Names defined in each named map, by its path ("clusters", "alerts.receivers"), in file order.</summary>
    public Dictionary<string, List<string>> DefinedNames { get; } = new(StringComparer.Ordinal);

    public SourceLocation At(ConfigNode node) => new(File, node.Line, node.Column);

    public void Error(ConfigNode node, string path, string message) => Error(At(node), path, message);

    public void Error(SourceLocation location, string path, string message)
    {
        if (IsFull)
        {
            _suppressed++;
            return;
        }
        Errors.Add(new ConfigError(location, path, message));
    }

    /// <summary>The errors in file order, then one saying how many more were found past the limit.</summary>
    public IReadOnlyList<ConfigError> SortedErrors()
    {
        var sorted = Errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList();
        if (_suppressed > 0)
        {
            sorted.Add(new ConfigError(new SourceLocation(File, 1, 1), "",
                $"{_suppressed} more errors not shown (the first {Limits.MaxErrors} are, ConfigLimits.MaxErrors); fix these and load again"));
        }
        return sorted;
    }

    /// <summary>
    /// Records where a setting is. A scalar points at its value; a mapping or list points at its key
    /// (the line that names it), which is where a reader looks for "clusters.web" or "clusters.web.health".
    /// </summary>
    public void Record(string path, ConfigNode? key, ConfigNode value) =>
        _locations.TryAdd(path, At(value is ScalarNode || key is null ? value : key));

    /// <summary>Opens a mapping with fixed keys; reports the wrong type, unknown keys and duplicate keys.</summary>
    public MapReader? Map(ConfigNode node, string path, IReadOnlyList<string> allowedKeys)
    {
        if (node is not MapNode map)
        {
            Error(node, path, $"expected a mapping with keys {string.Join(", ", allowedKeys)}; got {node.Describe()}");
            return null;
        }
        ReportDuplicates(map, path);
        foreach (var entry in map.Entries)
        {
            if (!allowedKeys.Contains(entry.Key.Value))
            {
                Error(entry.Key, Join(path, entry.Key.Value), KeySuggestions.UnknownKey(entry.Key.Value, allowedKeys));
            }
            else
            {
                Record(Join(path, entry.Key.Value), entry.Key, entry.Value);
            }
        }
        return new MapReader(this, map, path);
    }

    /// <summary>
    /// Opens a mapping whose keys are names the user chooses (clusters, destinations, receivers).
    /// Returns the entries with a valid name; duplicates and bad names are reported.
    /// </summary>
    /// <param name="maxCount">The most entries allowed; a longer map is reported at its start and none of it is read.</param>
    /// <param name="limitName">The <see cref="ConfigLimits"/> property behind <paramref name="maxCount"/>, for the message.</param>
    public IReadOnlyList<MapEntry> NamedMap(ConfigNode node, string path, string what, int maxCount = int.MaxValue, string limitName = "")
    {
        if (node is not MapNode map)
        {
            Error(node, path, $"expected a mapping of {what} names to their settings; got {node.Describe()}");
            return [];
        }
        ReportDuplicates(map, path);
        var valid = new List<MapEntry>();
        var names = DefinedNames[path] = [];
        if (map.Entries.Count > maxCount)
        {
            // The names still count as defined, so references to them do not add an error each.
            names.AddRange(map.Entries.Select(e => e.Key.Value));
            Error(node, path, $"{map.Entries.Count} {what}s are more than the limit of {maxCount} ({limitName}); split the config or raise the limit (docs/limits.md)");
            return [];
        }
        foreach (var entry in map.Entries)
        {
            var name = entry.Key.Value;
            if (Names.Problem(name, what, Limits.MaxNameLength) is { } problem)
            {
                Error(entry.Key, Join(path, name), problem);
                continue;
            }
            Record(Join(path, name), entry.Key, entry.Value);
            valid.Add(entry);
            names.Add(name);
        }
        return valid;
    }

    /// <summary>Items of a list; reports anything else.</summary>
    public IReadOnlyList<ConfigNode> List(ConfigNode node, string path, string what)
    {
        if (node is ListNode list)
        {
            for (var i = 0; i < list.Items.Count; i++)
            {
                Record($"{path}[{i}]", null, list.Items[i]);
            }
            return list.Items;
        }
        Error(node, path, $"expected a list of {what}; got {node.Describe()}");
        return [];
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private void ReportDuplicates(MapNode map, string path)
    {
        foreach (var (duplicate, first) in map.Duplicates)
        {
            var key = duplicate.Key.Value;
            Error(duplicate.Key, Join(path, key),
                $"duplicate key {SafeText.Quote(key)}: it is already defined at line {first.Key.Line}; each key may appear once");
        }
    }
}
