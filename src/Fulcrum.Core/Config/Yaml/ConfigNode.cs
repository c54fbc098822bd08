using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Yaml;

/// <summary>
/// A YAML node that remembers where it started. A thin tree of our own (instead of YamlDotNet's
/// representation model) because that model aborts the whole load on the first duplicate key,
/// while we want to report duplicates next to every other error.
/// </summary>
internal abstract class ConfigNode(int line, int column)
{
    public int Line { get; } = line;
    public int Column { get; } = column;

    /// <summary>How many nodes this one stands for, itself and everything under it, with aliases counted as copies.</summary>
    public abstract long Size { get; }

    /// <summary>What the node is, in words for error messages ("a mapping", "the text 'abc'").</summary>
    public abstract string Describe();
}

internal sealed class ScalarNode(int line, int column, string value, bool quoted) : ConfigNode(line, column)
{
    public string Value { get; } = value;

    /// <summary>Quoted (or block) scalars are always strings in YAML, never numbers or null.</summary>
    public bool Quoted { get; } = quoted;

    public bool IsNull => !Quoted && Value is "" or "~" or "null" or "Null" or "NULL";

    public override long Size => 1;

    public override string Describe() => IsNull ? "an empty value" : Quoted ? $"the quoted string {SafeText.Quote(Value, mark: '"')}" : SafeText.Quote(Value);
}

internal sealed class ListNode(int line, int column, IReadOnlyList<ConfigNode> items) : ConfigNode(line, column)
{
    public IReadOnlyList<ConfigNode> Items { get; } = items;

    public override long Size { get; } = 1 + items.Sum(i => i.Size);

    public override string Describe() => "a list";
}

internal sealed record MapEntry(ScalarNode Key, ConfigNode Value);

/// <summary>Entries in file order. Duplicate keys are kept in <see cref="Duplicates"/>, the first one wins.</summary>
internal sealed class MapNode(int line, int column, IReadOnlyList<MapEntry> entries, IReadOnlyList<(MapEntry Duplicate, MapEntry First)> duplicates)
    : ConfigNode(line, column)
{
    public IReadOnlyList<MapEntry> Entries { get; } = entries;

    public IReadOnlyList<(MapEntry Duplicate, MapEntry First)> Duplicates { get; } = duplicates;

    public override long Size { get; } = 1 + entries.Sum(e => e.Key.Size + e.Value.Size);

    /// <summary>The value of <paramref name="key"/>, or null when absent (linear: mappings are read a few keys at a time).</summary>
    public ConfigNode? Find(string key) => Entries.FirstOrDefault(e => e.Key.Value == key)?.Value;

    public override string Describe() => "a mapping";
}
