using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Fulcrum.Core.Config.Yaml;

/// <summary>
/// Reads YAML text into a <see cref="ConfigNode"/> tree with line and column on every node, using
/// YamlDotNet's parser events. Syntax errors become a <see cref="ConfigError"/> at the parser's mark.
/// Supports anchors, aliases and the <c>&lt;&lt;</c> merge key; only the first document is read.
/// </summary>
internal sealed partial class YamlTreeReader
{
    private const string MergeKey = "<<";
    private readonly Dictionary<string, ConfigNode> _anchors = new(StringComparer.Ordinal);
    private readonly List<ConfigError> _errors;
    private readonly string _file;
    private readonly IParser _parser;

    private YamlTreeReader(string yaml, string file, List<ConfigError> errors)
    {
        _parser = new Parser(new StringReader(yaml));
        _file = file;
        _errors = errors;
    }

    /// <summary>The root node, or null when the text is empty or unreadable (the reason is added to <paramref name="errors"/>).</summary>
    public static ConfigNode? Read(string yaml, string file, List<ConfigError> errors) =>
        new YamlTreeReader(yaml, file, errors).ReadStream();

    private ConfigNode? ReadStream()
    {
        try
        {
            _parser.Consume<StreamStart>();
            if (!_parser.TryConsume<DocumentStart>(out _))
            {
                return null;
            }
            var root = ReadNode();
            _parser.Consume<DocumentEnd>();
            if (_parser.Accept<DocumentStart>(out var second))
            {
                _errors.Add(new ConfigError(At(second.Start), "",
                    "a second YAML document ('---') was found; a config file holds exactly one document"));
            }
            return root;
        }
        catch (YamlException ex)
        {
            _errors.Add(new ConfigError(At(ex.Start), "", "YAML syntax error: " + StripMarks(ex.Message)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner sometimes fails this way (e.g. an unclosed flow mapping) instead of with a
            // YamlException; the last event it produced is the best position we have.
            var at = _parser.Current?.End ?? Mark.Empty;
            _errors.Add(new ConfigError(At(at), "", "YAML syntax error after this point: the text cannot be parsed; look for an unclosed '{', '[' or quote"));
            return null;
        }
    }

    private ConfigNode ReadNode()
    {
        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (_anchors.TryGetValue(alias.Value.Value, out var target))
            {
                return target;
            }
            throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value} refers to no anchor defined before it");
        }
        ConfigNode node;
        AnchorName anchor;
        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            node = new ScalarNode(Line(scalar.Start), Column(scalar.Start), scalar.Value, scalar.Style != ScalarStyle.Plain);
        }
        else if (_parser.TryConsume<SequenceStart>(out var sequence))
        {
            anchor = sequence.Anchor;
            node = ReadSequence(sequence);
        }
        else
        {
            var mapping = _parser.Consume<MappingStart>();
            anchor = mapping.Anchor;
            node = ReadMapping(mapping);
        }
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }
        return node;
    }

    private ListNode ReadSequence(SequenceStart start)
    {
        var items = new List<ConfigNode>();
        while (!_parser.TryConsume<SequenceEnd>(out _))
        {
            items.Add(ReadNode());
        }
        return new ListNode(Line(start.Start), Column(start.Start), items);
    }

    private MapNode ReadMapping(MappingStart start)
    {
        var entries = new List<MapEntry>();
        var merged = new List<MapEntry>();
        var duplicates = new List<(MapEntry, MapEntry)>();
        var byKey = new Dictionary<string, MapEntry>(StringComparer.Ordinal);
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyStart = _parser.Current!.Start;
            if (ReadNode() is not ScalarNode key)
            {
                throw new YamlException(keyStart, keyStart, "a mapping key must be a plain name, not a list or mapping");
            }
            var value = ReadNode();
            if (key.Value == MergeKey && !key.Quoted)
            {
                merged.AddRange(MergeSources(value, keyStart));
                continue;
            }
            var entry = new MapEntry(key, value);
            if (byKey.TryGetValue(key.Value, out var first))
            {
                duplicates.Add((entry, first));
                continue;
            }
            byKey.Add(key.Value, entry);
            entries.Add(entry);
        }
        // Explicit keys override merged ones, whatever their order (YAML merge-key semantics).
        foreach (var entry in merged)
        {
            if (byKey.TryAdd(entry.Key.Value, entry))
            {
                entries.Add(entry);
            }
        }
        return new MapNode(Line(start.Start), Column(start.Start), entries, duplicates);
    }

    private static IEnumerable<MapEntry> MergeSources(ConfigNode value, Mark at) => value switch
    {
        MapNode map => map.Entries,
        ListNode list when list.Items.All(i => i is MapNode) => list.Items.SelectMany(i => ((MapNode)i).Entries),
        _ => throw new YamlException(at, at, "the merge key '<<' takes a mapping or a list of mappings (usually *anchor)"),
    };

    private SourceLocation At(Mark mark) => new(_file, Line(mark), Column(mark));

    private static int Line(Mark mark) => (int)Math.Max(1, mark.Line);

    private static int Column(Mark mark) => (int)Math.Max(1, mark.Column);

    /// <summary>YamlDotNet prefixes messages with "(Line: 1, Col: 2, Idx: 3) - (...): "; we print our own location.</summary>
    private static string StripMarks(string message) => MarkPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
