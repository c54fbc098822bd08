namespace Fulcrum.Core.Audit;

/// <summary>The spellings of severities used in every output (text, JSON, rule catalog).</summary>
public static class AuditSeverities
{
    public static string Name(AuditSeverity severity) => severity switch
    {
        AuditSeverity.Error => "error",
        AuditSeverity.Warning => "warning",
        AuditSeverity.Info => "info",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    /// <summary>The SARIF <c>level</c> of a severity (SARIF calls info "note").</summary>
    public static string SarifLevel(AuditSeverity severity) => severity switch
    {
        AuditSeverity.Error => "error",
        AuditSeverity.Warning => "warning",
        AuditSeverity.Info => "note",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };
}
