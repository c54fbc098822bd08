using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// Typed access to one mapping section (already checked for unknown and duplicate keys by
/// <see cref="ReadContext.Map"/>). Getters return null when the key is absent or its value is bad;
/// bad values are reported with the setting's full dotted path.
/// </summary>
internal sealed class MapReader(ReadContext ctx, MapNode node, string path)
{
    public ReadContext Context { get; } = ctx;

    public MapNode Node { get; } = node;

    public string Path { get; } = path;

    public string PathOf(string key) => ReadContext.Join(Path, key);

    public ConfigNode? this[string key] => Node.Entries.FirstOrDefault(e => e.Key.Value == key)?.Value;

    /// <summary>The value of a key that must be present; reports its absence at the mapping.</summary>
    public ConfigNode? Required(string key, string allowed)
    {
        if (this[key] is { } value)
        {
            return value;
        }
        Context.Error(Context.Locations.TryGetValue(Path, out var at) ? at : Context.At(Node), PathOf(key), $"{SafeText.Quote(key)} is required here: {allowed}");
        return null;
    }

    /// <summary>Reports a problem with the value of <paramref name="key"/>: at a scalar value, or at the key of a block.</summary>
    public void Fail(string key, string message) =>
        Context.Error(Context.Locations.TryGetValue(PathOf(key), out var at) ? at : Context.At(Node), PathOf(key), message);

    /// <summary>Reports a problem with the whole section, at the line that names it.</summary>
    public void FailHere(string message) =>
        Context.Error(Context.Locations.TryGetValue(Path, out var at) ? at : Context.At(Node), Path, message);

    public string? String(string key, string what = "a string") =>
        this[key] is { } value ? Values.String(Context, value, PathOf(key), what) : null;

    public int? Int(string key, int min, int max = int.MaxValue) =>
        this[key] is { } value ? Values.Int(Context, value, PathOf(key), min, max) : null;

    public double? Number(string key, string allowed) =>
        this[key] is { } value ? Values.Number(Context, value, PathOf(key), allowed) : null;

    public TimeSpan? Duration(string key, bool allowZero = false) =>
        this[key] is { } value ? Values.Duration(Context, value, PathOf(key), allowZero) : null;

    public long? Size(string key, long min) =>
        this[key] is { } value ? Values.Size(Context, value, PathOf(key), min) : null;

    public bool? Bool(string key)
    {
        if (this[key] is not { } value)
        {
            return null;
        }
        if (value is ScalarNode { IsNull: false, Quoted: false } scalar && scalar.Value is "true" or "false")
        {
            return scalar.Value == "true";
        }
        Context.Error(value, PathOf(key), $"expected true or false; got {value.Describe()}");
        return null;
    }

    public Uri? Url(string key, UrlUse use) =>
        this[key] is { } value ? Values.Url(Context, value, PathOf(key), use) : null;

    /// <summary>Opens a nested mapping section, or null when absent or not a mapping.</summary>
    public MapReader? Section(string key, IReadOnlyList<string> allowedKeys) =>
        this[key] is { } value ? Context.Map(value, PathOf(key), allowedKeys) : null;

    /// <summary>One of a fixed set of words; reports anything else with the allowed words and the likely one.</summary>
    public string? Choice(string key, IReadOnlyList<string> allowed)
    {
        if (String(key, "one of " + string.Join(", ", allowed)) is not { } text)
        {
            return null;
        }
        if (allowed.Contains(text))
        {
            return text;
        }
        var closest = KeySuggestions.Closest(text, allowed);
        var hint = closest is null ? "" : $"did you mean {SafeText.Quote(closest)}? ";
        Fail(key, $"{SafeText.Quote(text)} is not allowed; {hint}allowed: {string.Join(", ", allowed)}");
        return null;
    }
}
