namespace Fulcrum.Core.Tests.Config;

/// <summary>
/// Renders settings written as "dotted.path: value" lines into a block YAML document, so a test can name a key by
/// its documented path. <c>*</c> is the one named entry (cluster web, destination a, receiver pager), <c>[]</c> the
/// one list item; values are YAML as written (scalars or flow collections).
/// </summary>
internal static class YamlTree
{
    private static readonly Dictionary<string, string> EntryNames = new(StringComparer.Ordinal)
    {
        ["clusters"] = "web",
        ["destinations"] = "a",
        ["receivers"] = "pager",
    };

    public static string Render(IEnumerable<string> settings)
    {
        var root = new Map();
        foreach (var setting in settings)
        {
            var colon = setting.IndexOf(": ", StringComparison.Ordinal);
            var segments = setting[..colon].Split('.');
            var value = setting[(colon + 2)..];
            var node = root;
            for (var i = 0; i < segments.Length; i++)
            {
                var segment = segments[i];
                var name = segment == "*" ? EntryNames[segments[i - 1].TrimEnd('[', ']')] : segment.TrimEnd('[', ']');
                var last = i == segments.Length - 1;
                if (last && !segment.EndsWith("[]", StringComparison.Ordinal))
                {
                    node.Entries[name] = value;
                    continue;
                }
                if (!node.Entries.TryGetValue(name, out var child))
                {
                    child = segment.EndsWith("[]", StringComparison.Ordinal) ? new Item(new Map()) : new Map();
                    node.Entries[name] = child;
                }
                node = child switch
                {
                    Item item => item.Map,
                    Map map => map,
                    _ => throw new InvalidOperationException($"{setting}: {name} is already a scalar"),
                };
            }
        }
        var lines = new List<string>();
        Write(root, 0, lines);
        return string.Join("\n", lines) + "\n";
    }

    private static void Write(Map map, int indent, List<string> lines)
    {
        var pad = new string(' ', indent);
        foreach (var (key, value) in map.Entries)
        {
            switch (value)
            {
                case string scalar:
                    lines.Add($"{pad}{key}: {scalar}");
                    break;
                case Map child:
                    lines.Add($"{pad}{key}:");
                    Write(child, indent + 2, lines);
                    break;
                case Item item:
                    lines.Add($"{pad}{key}:");
                    var first = lines.Count;
                    Write(item.Map, indent + 4, lines);
                    lines[first] = string.Concat(new string(' ', indent + 2), "- ", lines[first].AsSpan(indent + 4));
                    break;
            }
        }
    }

    private sealed class Map
    {
        public Dictionary<string, object> Entries { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Item(Map Map);
}
