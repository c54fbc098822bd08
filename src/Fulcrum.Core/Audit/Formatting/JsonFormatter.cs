using System.Text;
using System.Text.Json;

namespace Fulcrum.Core.Audit.Formatting;

/// <summary>
/// Writes the report's JSON shape by hand (Utf8JsonWriter) so it stays stable whatever the records grow:
/// every key is always present (null when empty), camelCase, shares as fractions 0..1.
/// </summary>
internal static class JsonFormatter
{
    public static string Format(AuditReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("file", report.File);
            json.WriteStartArray("findings");
            foreach (var finding in report.Findings)
            {
                WriteFinding(json, finding);
            }
            json.WriteEndArray();
            WriteSummary(json, report);
            WriteComparison(json, report.Comparison);
            WriteSplits(json, report.Splits);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteFinding(Utf8JsonWriter json, AuditFinding finding)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteString("severity", AuditSeverities.Name(finding.Severity));
        json.WriteString("message", finding.Message);
        json.WriteString("file", finding.Location.File);
        json.WriteNumber("line", finding.Location.Line);
        json.WriteNumber("column", finding.Location.Column);
        json.WriteString("cluster", finding.Cluster);
        json.WriteString("destination", finding.Destination);
        json.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter json, AuditReport report)
    {
        json.WriteStartObject("summary");
        json.WriteNumber("errors", report.Errors);
        json.WriteNumber("warnings", report.Warnings);
        json.WriteNumber("infos", report.Infos);
        json.WriteNumber("total", report.Findings.Count);
        json.WriteNumber("rules", report.Rules.Count);
        json.WriteNumber("exitCode", report.ExitCode);
        json.WriteEndObject();
    }

    private static void WriteComparison(Utf8JsonWriter json, ShareComparison? comparison)
    {
        if (comparison is null)
        {
            json.WriteNull("comparison");
            return;
        }
        json.WriteStartObject("comparison");
        json.WriteString("oldFile", comparison.OldFile);
        json.WriteString("newFile", comparison.NewFile);
        json.WriteStartArray("clusters");
        foreach (var cluster in comparison.Clusters)
        {
            json.WriteStartObject();
            json.WriteString("cluster", cluster.Cluster);
            json.WriteString("change", ShareChanges.Name(cluster.Kind));
            json.WriteStartArray("destinations");
            foreach (var destination in cluster.Destinations)
            {
                json.WriteStartObject();
                json.WriteString("destination", destination.Destination);
                json.WriteString("change", ShareChanges.Name(destination.Kind));
                WriteShare(json, "oldShare", destination.OldShare);
                WriteShare(json, "newShare", destination.NewShare);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSplits(Utf8JsonWriter json, IReadOnlyList<ClusterSplit> splits)
    {
        json.WriteStartArray("splits");
        foreach (var split in splits)
        {
            json.WriteStartObject();
            json.WriteString("cluster", split.Cluster);
            json.WriteString("policy", split.Policy);
            json.WriteStartArray("destinations");
            foreach (var row in split.Destinations)
            {
                json.WriteStartObject();
                json.WriteString("destination", row.Destination);
                json.WriteNumber("weight", row.Weight);
                WriteShare(json, "weightShare", row.WeightShare);
                WriteShare(json, "predictedShare", row.PredictedShare);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteShare(Utf8JsonWriter json, string name, double? share)
    {
        if (share is { } value)
        {
            json.WriteNumber(name, Math.Round(value, 4));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
