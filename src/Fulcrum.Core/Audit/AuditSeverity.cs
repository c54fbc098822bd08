namespace Fulcrum.Core.Audit;

/// <summary>
/// How bad a finding is. <see cref="Error"/> is reserved for what certainly causes bias or an outage: it blocks
/// <c>fulcrum run</c> and reloads. Ordered so that a larger value is more severe.
/// </summary>
public enum AuditSeverity
{
    Info = 0,
    Warning = 1,
    Error = 2,
}
