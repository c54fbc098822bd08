using System.Text.Json;
using System.Text.RegularExpressions;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

/// <summary>
/// docs/configuration.md must document exactly the keys of the loader (<see cref="ConfigKeys"/>) and of
/// schema/fulcrum.schema.json. The page's convention: every key is one row of a "key table" (a table whose first
/// header cell is <c>Key</c>), and the row's first cell is the key's full dotted path in backticks, with
/// <c>*</c> for a chosen name and <c>[]</c> for each list item, e.g. <c>`clusters.*.health.passive.ejection`</c>.
/// </summary>
public class ConfigurationDocTests
{
    private const string Page = "docs/configuration.md";

    private static readonly JsonElement Schema = SchemaFile.Root;
    private static readonly IReadOnlyDictionary<string, SchemaKey> SchemaKeys = WalkSchema();
    private static readonly IReadOnlyList<DocRow> Rows = MarkdownKeyTables.Read(RepoFiles.Find(Page));

    public static TheoryData<string> SchemaKeyPaths() => new(SchemaKeys.Keys.Order(StringComparer.Ordinal));

    public static TheoryData<string> LoaderKeyPaths() => new(
        ConfigKeys.Sections.SelectMany(s => s.Value.Select(key => s.Key.Length == 0 ? key : $"{s.Key}.{key}")).Order(StringComparer.Ordinal));

    public static TheoryData<string> KeysWithDefaults() =>
        new(SchemaKeys.Values.Where(k => k.Default is not null).Select(k => k.Path).Order(StringComparer.Ordinal));

    public static TheoryData<string> KeysWithAllowedWords() =>
        new(SchemaKeys.Values.Where(k => k.Enum.Count > 0).Select(k => k.Path).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(SchemaKeyPaths))]
    public void Every_schema_key_is_documented(string key)
    {
        var documented = Rows.Any(r => r.Key == key);

        Assert.True(documented, $"{Page} has no key table row for `{key}` (schema/fulcrum.schema.json has it)");
    }

    [Theory]
    [MemberData(nameof(LoaderKeyPaths))]
    public void Every_loader_key_is_documented(string key)
    {
        var documented = Rows.Any(r => r.Key == key);

        Assert.True(documented, $"{Page} has no key table row for `{key}` (ConfigKeys accepts it)");
    }

    [Fact]
    public void The_page_documents_no_key_the_schema_does_not_know()
    {
        Assert.True(Rows.Count >= 50, $"only {Rows.Count} key rows found in {Page}; is the key table convention still followed?");
        var unknown = Rows.Where(r => !SchemaKeys.ContainsKey(r.Key)).Select(r => $"`{r.Key}` (line {r.Line})").ToArray();

        Assert.True(unknown.Length == 0, $"{Page} documents keys the schema does not know: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Each_key_is_documented_once()
    {
        var repeated = Rows.GroupBy(r => r.Key).Where(g => g.Count() > 1)
            .Select(g => $"`{g.Key}` (lines {string.Join(", ", g.Select(r => r.Line))})").ToArray();

        Assert.True(repeated.Length == 0, $"{Page} documents keys more than once: {string.Join("; ", repeated)}");
    }

    [Theory]
    [MemberData(nameof(KeysWithDefaults))]
    public void Documented_default_matches_the_schema(string key)
    {
        var expected = $"`{SchemaKeys[key].Default}`";
        var row = Assert.Single(Rows, r => r.Key == key);

        var cell = row.Cell("Default");
        Assert.True(cell is not null, $"{Page} line {row.Line}: the table of `{key}` has no Default column");
        Assert.Contains(expected, cell, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_keys_are_documented_as_required_and_only_they()
    {
        foreach (var row in Rows)
        {
            var required = SchemaKeys.TryGetValue(row.Key, out var key) && key.Required;
            var cell = row.Cell("Default") ?? "";
            Assert.True(required == cell.Equals("required", StringComparison.Ordinal),
                $"{Page} line {row.Line}: `{row.Key}` is {(required ? "" : "not ")}required by the schema, but its Default cell says '{cell}'");
        }
    }

    [Theory]
    [MemberData(nameof(KeysWithAllowedWords))]
    public void Every_allowed_word_is_documented(string key)
    {
        var row = Assert.Single(Rows, r => r.Key == key);

        foreach (var word in SchemaKeys[key].Enum)
        {
            Assert.Contains($"`{word}`", row.Text, StringComparison.Ordinal);
        }
    }

    private sealed record SchemaKey(string Path, string? Default, IReadOnlyList<string> Enum, bool Required);

    /// <summary>Every property path of the schema: properties, list items ("[]") and named entries ("*"), through $ref.</summary>
    private static Dictionary<string, SchemaKey> WalkSchema()
    {
        var keys = new Dictionary<string, SchemaKey>(StringComparer.Ordinal);
        Walk(Schema, "", keys);
        return keys;
    }

    private static void Walk(JsonElement node, string prefix, Dictionary<string, SchemaKey> keys)
    {
        node = SchemaFile.Follow(node);
        if (!node.TryGetProperty("properties", out var properties))
        {
            return;
        }
        var required = node.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(e => e.GetString()).ToHashSet() : [];
        foreach (var property in properties.EnumerateObject())
        {
            var path = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
            var target = SchemaFile.Follow(property.Value);
            var defaultValue = property.Value.TryGetProperty("default", out var d) || target.TryGetProperty("default", out d) ? Render(d) : null;
            var words = property.Value.TryGetProperty("enum", out var e) || target.TryGetProperty("enum", out e)
                ? e.EnumerateArray().Select(w => w.GetString()!).ToArray()
                : [];
            keys.Add(path, new SchemaKey(path, defaultValue, words, required.Contains(property.Name)));
            Walk(target, path, keys);
            if (target.TryGetProperty("items", out var items))
            {
                Walk(items, path + "[]", keys);
            }
            if (target.TryGetProperty("additionalProperties", out var entries) && entries.ValueKind == JsonValueKind.Object)
            {
                Walk(entries, path + ".*", keys);
            }
        }
    }

    /// <summary>A schema default as the page writes it: <c>5s</c>, <c>0.2</c>, <c>[http://127.0.0.1:8080]</c>.</summary>
    private static string Render(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => "[" + string.Join(", ", value.EnumerateArray().Select(Render)) + "]",
        _ => value.GetRawText(),
    };
}

/// <summary>One row of a key table: the key path of its first cell, its cells by column header, its text and line.</summary>
internal sealed record DocRow(string Key, IReadOnlyList<string> Header, IReadOnlyList<string> Cells, string Text, int Line)
{
    public string? Cell(string header)
    {
        var index = Header.ToList().IndexOf(header);
        return index >= 0 && index < Cells.Count ? Cells[index] : null;
    }
}

/// <summary>Reads the key tables of a Markdown page: tables whose first header cell is "Key", outside code fences.</summary>
internal static partial class MarkdownKeyTables
{
    public static IReadOnlyList<DocRow> Read(string path)
    {
        var rows = new List<DocRow>();
        var lines = File.ReadAllLines(path);
        var inFence = false;
        IReadOnlyList<string>? header = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            if (inFence || !line.StartsWith('|'))
            {
                header = null;
                continue;
            }
            var cells = Split(line);
            if (header is null)
            {
                header = cells;
                continue;
            }
            if (cells.All(c => Separator().IsMatch(c)) || header[0] != "Key")
            {
                continue;
            }
            var key = KeyCell().Match(cells[0]);
            Assert.True(key.Success, $"{path} line {i + 1}: the first cell of a key table row must be a key path in backticks, e.g. `fairness.window`; got '{cells[0]}'");
            rows.Add(new DocRow(key.Groups["key"].Value, header, cells, line, i + 1));
        }
        return rows;
    }

    private static string[] Split(string line) =>
        line.Replace("\\|", "\u0001", StringComparison.Ordinal).Trim('|')
            .Split('|')
            .Select(c => c.Replace("\u0001", "|", StringComparison.Ordinal).Trim())
            .ToArray();

    [GeneratedRegex("^:?-+:?$")]
    private static partial Regex Separator();

    [GeneratedRegex(@"^`(?<key>[a-z0-9\-.*\[\]]+)`$")]
    private static partial Regex KeyCell();
}
