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
        AppendSplits(text, report.Splits, options);
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

    /// <summary>One compact table per cluster: destination, weight share, predicted share.</summary>
    private static void AppendSplits(StringBuilder text, IReadOnlyList<ClusterSplit> splits, TextFormatOptions options)
    {
        if (splits.Count == 0)
        {
            return;
        }
        text.Append(Paint("predicted split", Bold, options)).Append('\n');
        foreach (var split in splits)
        {
            text.Append("  cluster ").Append(SafeText.Escape(split.Cluster)).Append(" (").Append(split.Policy).Append(")\n");
            var width = Math.Max("destination".Length, split.Destinations.Max(d => SafeText.Escape(d.Destination).Length));
            text.Append("    ").Append("destination".PadRight(width)).Append("  weight  predicted\n");
            foreach (var row in split.Destinations)
            {
                var predicted = row.PredictedShare is { } share ? Audit.Format.Percent(share) : "n/a";
                text.Append("    ").Append(SafeText.Escape(row.Destination).PadRight(width))
                    .Append("  ").Append(Audit.Format.Percent(row.WeightShare).PadLeft(6))
                    .Append("  ").Append(predicted.PadLeft(9)).Append('\n');
            }
        }
        text.Append('\n');
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
