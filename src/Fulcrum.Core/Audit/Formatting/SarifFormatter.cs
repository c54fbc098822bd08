using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Fulcrum.Core.Audit.Formatting;

/// <summary>
/// Writes a SARIF 2.1.0 log (OASIS) as GitHub code scanning reads it: one run, the tool's rule catalog in
/// <c>tool.driver.rules</c>, and each finding as a result pointing at a repository-relative file
/// (<c>uriBaseId: %SRCROOT%</c>) and a line and column.
/// </summary>
internal static class SarifFormatter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string SourceRootId = "%SRCROOT%";

    public static string Format(AuditReport report, SarifFormatOptions options)
    {
        var root = Path.GetFullPath(options.SourceRoot ?? Directory.GetCurrentDirectory());
        var ruleIndex = report.Rules.Select((rule, index) => (rule.Id, index)).ToDictionary(r => r.Id, r => r.index, StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            WriteTool(json, report, options);
            WriteOriginalUriBaseIds(json, root);
            json.WriteStartArray("results");
            foreach (var finding in report.Findings)
            {
                WriteResult(json, finding, ruleIndex, root);
            }
            json.WriteEndArray();
            json.WriteString("columnKind", "unicodeCodePoints");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTool(Utf8JsonWriter json, AuditReport report, SarifFormatOptions options)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "fulcrum");
        json.WriteString("informationUri", options.InformationUri);
        json.WriteString("semanticVersion", ToolVersion());
        json.WriteStartArray("rules");
        foreach (var rule in report.Rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", rule.Name);
            WriteText(json, "shortDescription", Sentence(rule.Title));
            WriteText(json, "fullDescription", Sentence(rule.Description));
            json.WriteString("helpUri", options.HelpUri(rule));
            WriteText(json, "help", $"{Sentence(rule.Description)} See {options.HelpUri(rule)}");
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", AuditSeverities.SarifLevel(rule.Severity));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteOriginalUriBaseIds(Utf8JsonWriter json, string root)
    {
        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(SourceRootId);
        json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, AuditFinding finding, IReadOnlyDictionary<string, int> ruleIndex, string root)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        if (ruleIndex.TryGetValue(finding.RuleId, out var index))
        {
            json.WriteNumber("ruleIndex", index);
        }
        json.WriteString("level", AuditSeverities.SarifLevel(finding.Severity));
        WriteText(json, "message", Sentence(finding.Message));
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        var (uri, relative) = ArtifactUri(finding.Location.File, root);
        json.WriteString("uri", uri);
        if (relative)
        {
            json.WriteString("uriBaseId", SourceRootId);
        }
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", Math.Max(1, finding.Location.Line));
        json.WriteNumber("startColumn", Math.Max(1, finding.Location.Column));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The file relative to the source root (forward slashes, percent-escaped), or an absolute file URI when outside it.</summary>
    internal static (string Uri, bool Relative) ArtifactUri(string file, string root)
    {
        var full = Path.GetFullPath(file, root);
        var relative = Path.GetRelativePath(root, full);
        if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return (new Uri(full).AbsoluteUri, false);
        }
        var segments = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString);
        return (string.Join('/', segments), true);
    }

    private static void WriteText(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    /// <summary>SARIF viewers expect messages to be sentences ending in a period.</summary>
    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    private static string ToolVersion()
    {
        var version = typeof(SarifFormatter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0.0";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version[..plus];
    }
}
