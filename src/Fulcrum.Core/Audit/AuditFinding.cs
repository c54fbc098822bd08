using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit;

/// <summary>
/// One thing the audit found: which rule, how bad, what (with the numbers), and where — the file position of the
/// offending setting, and the cluster and destination it concerns when there is one.
/// </summary>
public sealed record AuditFinding(
    string RuleId,
    AuditSeverity Severity,
    string Message,
    SourceLocation Location,
    string? Cluster,
    string? Destination)
{
    /// <summary>The compiler-style line: <c>file:line:col: warning FUL004: message</c>.</summary>
    public override string ToString() =>
        $"{Location}: {AuditSeverities.Name(Severity)} {RuleId}: {Message}";
}
