using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Fulcrum.Hosting;

namespace Fulcrum.Operations;

/// <summary>The audit every config passes through before (the executable) or as (an embedding app) it serves.</summary>
internal static class ConfigAudit
{
    /// <summary>A one-off audit (a posted config, <c>fulcrum config push</c>): every cluster simulated.</summary>
    public static IReadOnlyList<AuditIssue> Run(FulcrumConfig config) => Issues(AuditEngine.Run(config));

    /// <summary>An audit of the next serving config: clusters unchanged since the last one keep their predictions.</summary>
    public static IReadOnlyList<AuditIssue> Run(FulcrumConfig config, IncrementalAudit serving) => Issues(serving.Audit(config));

    /// <summary>Only the rules an earlier audit of the same text cannot vouch for (files, the clock); nothing simulated.</summary>
    public static IReadOnlyList<AuditIssue> OutsideInputs(FulcrumConfig config) => Issues(AuditEngine.Default.AuditOutsideInputs(config));

    /// <summary>The rules <see cref="OutsideInputs"/> runs: their findings in a stored audit are stale.</summary>
    public static bool ReadsOutsideConfig(string ruleId) =>
        AuditEngine.Default.Rules.Any(r => r.ReadsOutsideConfig && string.Equals(r.Id, ruleId, StringComparison.Ordinal));

    private static AuditIssue[] Issues(AuditReport report) => Issues(report.Findings);

    private static AuditIssue[] Issues(IEnumerable<AuditFinding> findings) =>
        findings
            .Select(f => new AuditIssue(f.RuleId, AuditSeverities.Name(f.Severity), f.Message, f.Location))
            .ToArray();
}
