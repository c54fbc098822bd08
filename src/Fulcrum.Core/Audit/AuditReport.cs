namespace Fulcrum.Core.Audit;

/// <summary>
/// The result of auditing one config: findings in file order, counts by severity, the exit code the CLI
/// returns, and — when audited against an older config — how each destination's predicted share moves.
/// </summary>
public sealed record AuditReport(
    string File,
    IReadOnlyList<IAuditRule> Rules,
    IReadOnlyList<AuditFinding> Findings,
    ShareComparison? Comparison = null)
{
    /// <summary><c>fulcrum audit</c>'s exit code for a readable config: 0 clean or warnings only, 1 error-level findings.</summary>
    public const int ExitClean = 0;
    public const int ExitErrors = 1;

    /// <summary>The predicted split of every cluster, in file order (empty for a report built without one).</summary>
    public IReadOnlyList<ClusterSplit> Splits { get; init; } = [];

    public int Errors => Count(AuditSeverity.Error);
    public int Warnings => Count(AuditSeverity.Warning);
    public int Infos => Count(AuditSeverity.Info);

    /// <summary>Error-level findings block <c>fulcrum run</c> and reloads (unless forced).</summary>
    public bool HasErrors => Errors > 0;

    public int ExitCode => HasErrors ? ExitErrors : ExitClean;

    public int Count(AuditSeverity severity) => Findings.Count(f => f.Severity == severity);

    /// <summary>"2 errors, 1 warning, 0 infos" — or "no findings".</summary>
    public string Summary =>
        Findings.Count == 0
            ? "no findings"
            : $"{Plural(Errors, "error")}, {Plural(Warnings, "warning")}, {Plural(Infos, "info")}";

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
