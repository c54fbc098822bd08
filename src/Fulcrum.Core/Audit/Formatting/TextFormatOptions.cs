namespace Fulcrum.Core.Audit.Formatting;

public enum TextGrouping
{
    /// <summary>A block per cluster, then the findings that concern no cluster (routes aside, fairness settings).</summary>
    Cluster,

    /// <summary>A block per file, findings in file order.</summary>
    File,
}

/// <param name="GroupBy">How findings are grouped.</param>
/// <param name="Color">ANSI colors (severity and headings); only when asked, e.g. for a terminal.</param>
public sealed record TextFormatOptions(TextGrouping GroupBy = TextGrouping.Cluster, bool Color = false)
{
    public static TextFormatOptions Default { get; } = new();
}
