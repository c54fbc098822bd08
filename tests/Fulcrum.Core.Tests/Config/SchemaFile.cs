using System.Text.Json;

namespace Fulcrum.Core.Tests.Config;

/// <summary>schema/fulcrum.schema.json, read once, with its <c>$ref</c>s followed, for the tests that check it against the loader and the docs.</summary>
internal static class SchemaFile
{
    public static JsonElement Root { get; } = Load();

    /// <summary>The node a <c>$ref</c> (to <c>#/$defs/…</c>) points at, or the node itself.</summary>
    public static JsonElement Follow(JsonElement node)
    {
        while (node.TryGetProperty("$ref", out var reference))
        {
            var pointer = reference.GetString()!;
            Assert.StartsWith("#/$defs/", pointer, StringComparison.Ordinal);
            node = Root.GetProperty("$defs").GetProperty(pointer["#/$defs/".Length..]);
        }
        return node;
    }

    private static JsonElement Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoFiles.Find("schema/fulcrum.schema.json")));
        return doc.RootElement.Clone();
    }
}
