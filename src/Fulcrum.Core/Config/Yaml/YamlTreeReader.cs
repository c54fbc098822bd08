using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Fulcrum.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Fulcrum.Core.Config.Yaml;

/// <summary>
/// Reads YAML text into a <see cref="ConfigNode"/> tree with line and column on every node, using
/// YamlDotNet's parser events. Syntax errors become a <see cref="ConfigError"/> at the parser's mark.
/// Supports anchors, aliases and the <c>&lt;&lt;</c> merge key; only the first document is read.
/// Enforces the structural caps of <see cref="ConfigLimits"/> (depth, node count with aliases expanded, scalar
/// length) while reading, so no input can recurse past <see cref="ConfigLimits.MaxDepth"/> or build more than
/// <see cref="ConfigLimits.MaxNodes"/>. A cap that is hit ends the read with one error at the node that broke it.
/// </summary>
internal sealed partial class YamlTreeReader
{
    private const string MergeKey = "<<";
    private readonly Dictionary<string, ConfigNode> _anchors = new(StringComparer.Ordinal);
    private readonly List<ConfigError> _errors;
    private readonly string _file;
    private readonly IParser _parser;
    private readonly ConfigLimits _limits;
    private int _depth;
    private long _nodes;

    private YamlTreeReader(string yaml, string file, List<ConfigError> errors, ConfigLimits limits)
    {
        _parser = new Parser(new StringReader(yaml));
        _file = file;
        _errors = errors;
        _limits = limits;
    }

    /// <summary>
    /// The root node, or null when the text is empty, unreadable or past a cap (the reason is added to
    /// <paramref name="errors"/>). The size cap is checked first, so an oversized text is not parsed at all.
    /// </summary>
    public static ConfigNode? Read(string yaml, string file, List<ConfigError> errors, ConfigLimits limits)
    {
        if (ConfigText.CheckSize(yaml, limits) is { } tooLarge)
        {
            errors.Add(new ConfigError(new SourceLocation(file, 1, 1), "", tooLarge));
            return null;
        }
        return new YamlTreeReader(yaml, file, errors, limits).ReadStream();
    }

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
        catch (LimitExceededException ex)
        {
            _errors.Add(new ConfigError(At(ex.At), "", ex.Message));
            return null;
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
                // The readers walk an alias as a copy of its target, so it costs what the target costs.
                Count(target.Size, alias.Start);
                return target;
            }
            throw new YamlException(alias.Start, alias.End, $"alias *{SafeText.Quote(alias.Value.Value)} refers to no anchor defined before it");
        }
        ConfigNode node;
        AnchorName anchor;
        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            Count(1, scalar.Start);
            if (scalar.Value.Length > _limits.MaxScalarLength)
            {
                throw new LimitExceededException(scalar.Start,
                    $"a value of {scalar.Value.Length} characters is longer than the limit of {_limits.MaxScalarLength} (ConfigLimits.MaxScalarLength): {SafeText.Quote(scalar.Value)}; keys and values must be shorter");
            }
            node = new ScalarNode(Line(scalar.Start), Column(scalar.Start), scalar.Value, scalar.Style != ScalarStyle.Plain);
        }
        else if (_parser.TryConsume<SequenceStart>(out var sequence))
        {
            anchor = sequence.Anchor;
            Enter(sequence.Start);
            node = ReadSequence(sequence);
            _depth--;
        }
        else
        {
            var mapping = _parser.Consume<MappingStart>();
            anchor = mapping.Anchor;
            Enter(mapping.Start);
            node = ReadMapping(mapping);
            _depth--;
        }
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }
        return node;
    }

    /// <summary>Goes one level deeper, refusing before the recursion does when the text nests too deep.</summary>
    private void Enter(Mark at)
    {
        Count(1, at);
        if (++_depth > _limits.MaxDepth)
        {
            throw new LimitExceededException(at,
                $"the YAML nests deeper than the limit of {_limits.MaxDepth} levels (ConfigLimits.MaxDepth); a config needs at most 6, so look for runaway '[' or '{{' or generated nesting");
        }
        // A second guard for callers on small stacks (thread-pool threads): fail as an error, never as a stack overflow.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new LimitExceededException(at, "the YAML nests too deep for the reader's stack; a config needs at most 6 levels");
        }
    }

    private void Count(long nodes, Mark at)
    {
        _nodes += nodes;
        if (_nodes > _limits.MaxNodes)
        {
            throw new LimitExceededException(at,
                $"the YAML has more than the limit of {_limits.MaxNodes} nodes (ConfigLimits.MaxNodes), counting each alias (*name) as a copy of what it names; split the config or use fewer aliases of large blocks");
        }
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

    private static int Line(Mark mark) => (int)Math.Clamp(mark.Line, 1, int.MaxValue);

    private static int Column(Mark mark) => (int)Math.Clamp(mark.Column, 1, int.MaxValue);

    /// <summary>A cap of <see cref="ConfigLimits"/> was hit at <see cref="At"/>; ends the read.</summary>
    private sealed class LimitExceededException(Mark at, string message) : Exception(message)
    {
        public Mark At { get; } = at;
    }

    /// <summary>YamlDotNet prefixes messages with "(Line: 1, Col: 2, Idx: 3) - (...): "; we print our own location.</summary>
    private static string StripMarks(string message) => MarkPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
