namespace Fulcrum.Core.Config;

/// <summary>A position in a config file (1-based line and column).</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// Where each setting of a loaded config came from. Keys are dotted paths as written in the file:
/// <c>clusters.web.destinations.a.weight</c>, <c>routes[0].match.path</c>, <c>fairness.tolerance</c>.
/// A key names the value's position; <see cref="Find"/> falls back to the nearest parent that exists,
/// so a finding about a defaulted (absent) setting points at the block that should hold it.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourceLocation> _locations;

    public SourceMap(string file, IReadOnlyDictionary<string, SourceLocation> locations)
    {
        File = file;
        _locations = new Dictionary<string, SourceLocation>(locations, StringComparer.Ordinal);
    }

    public static SourceMap Empty { get; } = new("<memory>", new Dictionary<string, SourceLocation>());

    public string File { get; }

    public IReadOnlyDictionary<string, SourceLocation> Locations => _locations;

    /// <summary>The location of <paramref name="path"/>, or of its nearest present parent, or line 1 of the file.</summary>
    public SourceLocation Find(string path)
    {
        var probe = path;
        while (true)
        {
            if (_locations.TryGetValue(probe, out var location))
            {
                return location;
            }
            var cut = Math.Max(probe.LastIndexOf('.'), probe.LastIndexOf('['));
            if (cut <= 0)
            {
                return new SourceLocation(File, 1, 1);
            }
            probe = probe[..cut];
        }
    }
}
