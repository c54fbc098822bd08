using System.Text;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Audit.Formatting;

/// <summary>Renders a report as grouped compiler-style lines a human (and an editor's problem matcher) can read.</summary>
internal static class TextFormatter
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Cyan = "\u001b[36m";

    public static string Format(AuditReport report, TextFormatOptions options)
    {
        var text = new StringBuilder();
        foreach (var (heading, findings) in Groups(report, options.GroupBy))
        {
            text.Append(Paint(SafeText.Escape(heading), Bold, options)).Append('\n');
            foreach (var finding in findings)
            {
                // Escaped before painting: the only escape sequences in the output are the formatter's own colors.
                text.Append("  ").Append(SafeText.Escape(finding.Location.ToString())).Append(": ")
                    .Append(Paint($"{AuditSeverities.Name(finding.Severity)} {finding.RuleId}", SeverityColor(finding.Severity), options))
                    .Append(": ").Append(SafeText.Escape(finding.Message)).Append('\n');
            }
            text.Append('\n');
        }
        AppendComparison(text, report.Comparison, options);
        var summaryColor = report.HasErrors ? Red : report.Warnings > 0 ? Yellow : "";
        text.Append(Paint(SafeText.Escape($"{report.File}: {report.Summary}"), summaryColor, options)).Append('\n');
        return text.ToString();
    }

    private static IEnumerable<(string Heading, IReadOnlyList<AuditFinding> Findings)> Groups(AuditReport report, TextGrouping grouping)
    {
        if (grouping == TextGrouping.File)
        {
            return report.Findings
                .GroupBy(f => f.Location.File, StringComparer.Ordinal)
                .Select(g => (g.Key, (IReadOnlyList<AuditFinding>)g.ToList()));
        }
        // Clusters in the order their first finding appears in the file; findings about no cluster last.
        return report.Findings
            .GroupBy(f => f.Cluster)
            .OrderBy(g => g.Key is null ? 1 : 0)
            .Select(g => (g.Key is null ? "general" : $"cluster {g.Key}", (IReadOnlyList<AuditFinding>)g.ToList()));
    }

    private static void AppendComparison(StringBuilder text, ShareComparison? comparison, TextFormatOptions options)
    {
        if (comparison is null)
        {
            return;
        }
        text.Append(Paint($"predicted shares, {comparison.OldFile} → {comparison.NewFile}", Bold, options)).Append('\n');
        var changed = comparison.Changed.ToList();
        if (changed.Count == 0)
        {
            text.Append("  no predicted share changes\n");
        }
        foreach (var cluster in changed)
        {
            text.Append("  ").Append(cluster).Append('\n');
        }
        text.Append('\n');
    }

    private static string SeverityColor(AuditSeverity severity) => severity switch
    {
        AuditSeverity.Error => Red,
        AuditSeverity.Warning => Yellow,
        _ => Cyan,
    };

    private static string Paint(string text, string color, TextFormatOptions options) =>
        options.Color && color.Length > 0 ? color + text + Reset : text;
}
