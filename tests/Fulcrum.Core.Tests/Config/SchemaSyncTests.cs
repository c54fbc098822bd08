using System.Text.Json;
using System.Text.RegularExpressions;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

/// <summary>schema/fulcrum.schema.json must describe exactly the keys and words the loader accepts.</summary>
public class SchemaSyncTests
{
    private static readonly JsonElement Schema = SchemaFile.Root;

    public static TheoryData<string> Sections() => new(ConfigKeys.Sections.Keys);

    [Theory]
    [MemberData(nameof(Sections))]
    public void Schema_section_has_exactly_the_loaders_keys_and_no_others(string section)
    {
        var node = Resolve(section);

        var properties = node.GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.Equal(ConfigKeys.Sections[section].Order(), properties.Order());
        Assert.False(node.GetProperty("additionalProperties").GetBoolean(), $"{section} must set additionalProperties: false");
        foreach (var property in node.GetProperty("properties").EnumerateObject())
        {
            var described = SchemaFile.Follow(property.Value).TryGetProperty("description", out _) || property.Value.TryGetProperty("description", out _);
            Assert.True(described, $"{section}.{property.Name} has no description");
        }
    }

    [Fact]
    public void Policy_enum_matches_the_loader()
    {
        var names = Schema.GetProperty("$defs").GetProperty("policy").GetProperty("enum").EnumerateArray().Select(e => e.GetString());

        Assert.Equal(Policies.AllNames, names);
    }

    [Fact]
    public void Schema_caps_match_the_default_limits()
    {
        var limits = ConfigLimits.Default;
        var defs = Schema.GetProperty("$defs");

        Assert.Equal(limits.MaxRoutes, Schema.GetProperty("properties").GetProperty("routes").GetProperty("maxItems").GetInt32());
        Assert.Equal(limits.MaxClusters, Schema.GetProperty("properties").GetProperty("clusters").GetProperty("maxProperties").GetInt32());
        Assert.Equal(limits.MaxDestinationsPerCluster, Resolve("clusters.*").GetProperty("properties").GetProperty("destinations").GetProperty("maxProperties").GetInt32());
        Assert.Equal(limits.MaxNameLength, defs.GetProperty("name").GetProperty("maxLength").GetInt32());
        foreach (var def in new[] { "duration", "listenUrl", "httpUrl" })
        {
            Assert.Equal(limits.MaxScalarLength, defs.GetProperty(def).GetProperty("maxLength").GetInt32());
        }
        Assert.Contains(Duration.Format(limits.MaxDuration), defs.GetProperty("duration").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("250us")]
    [InlineData("1m30s250ms500us")]
    [InlineData("250ms")]
    [InlineData("30s")]
    [InlineData("1.5s")]
    [InlineData("1m30s")]
    [InlineData("0")]
    [InlineData("30")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    [InlineData("5d")]
    [InlineData("")]
    public void Duration_pattern_agrees_with_the_parser(string text)
    {
        var pattern = Schema.GetProperty("$defs").GetProperty("duration").GetProperty("pattern").GetString()!;

        Assert.Equal(Duration.TryParse(text, out _, out _), Regex.IsMatch(text, pattern));
    }

    [Theory]
    [InlineData("header:X-User-Id", true)]
    [InlineData("cookie:session", true)]
    [InlineData("query:user", true)]
    [InlineData("path", true)]
    [InlineData("client-ip", true)]
    [InlineData("header", false)]
    [InlineData("path:x", false)]
    [InlineData("body:x", false)]
    public void Hash_key_pattern_agrees_with_the_loader(string key, bool valid)
    {
        var pattern = Resolve("clusters.*.hash").GetProperty("properties").GetProperty("key").GetProperty("pattern").GetString()!;

        Assert.Equal(valid, Regex.IsMatch(key, pattern));
        Assert.Equal(valid, Fulcrum.Core.Config.Reading.HashReader.ParseKey(key, out _) is not null);
    }

    /// <summary>Walks a section path ("clusters.*.health.active", "routes[]") through properties, items, additionalProperties and $ref.</summary>
    private static JsonElement Resolve(string section)
    {
        var node = Schema;
        foreach (var part in section.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "*")
            {
                node = SchemaFile.Follow(node).GetProperty("additionalProperties");
                continue;
            }
            var name = part.EndsWith("[]", StringComparison.Ordinal) ? part[..^2] : part;
            node = SchemaFile.Follow(SchemaFile.Follow(node).GetProperty("properties").GetProperty(name));
            if (part.EndsWith("[]", StringComparison.Ordinal))
            {
                node = node.GetProperty("items");
            }
        }
        return SchemaFile.Follow(node);
    }
}
