namespace Fulcrum.Incidents;

/// <summary>
/// The audit of one config for the postmortem's corrective actions: one line per finding, e.g.
/// "FUL003 error web/a (fulcrum.yaml:12:18): weight 4 sends 67 % to a, whose capacity is 20 %", and which config was
/// audited in words ("journal config #3, applied 2026-11-24 19:03:12Z").
/// </summary>
internal sealed record AuditedConfig(IReadOnlyList<string> Findings, string Source);
