namespace Fulcrum.Journal;

/// <summary>
/// One applied config as kept for <c>fulcrum rollback</c>: its YAML text exactly as applied, and whether it
/// "served cleanly" (the host marks it so after it served a while without firing alerts, or at a clean shutdown).
/// </summary>
internal sealed record ConfigRecord(long Id, DateTimeOffset AppliedAt, string Yaml, bool ServedCleanly, long? EventId);
