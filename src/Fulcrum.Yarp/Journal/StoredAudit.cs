namespace Fulcrum.Journal;

/// <summary>
/// An applied config's audit as the journal keeps it (<c>config_history.audit</c>): the findings as JSON, and the key
/// a restart must match to take them instead of auditing again (see <c>Operations.AuditReuse</c>).
/// </summary>
internal sealed record StoredAudit(string Key, string Findings);
