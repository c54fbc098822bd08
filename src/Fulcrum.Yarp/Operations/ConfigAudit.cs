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

    private static AuditIssue[] Issues(AuditReport report) =>
        report.Findings
            .Select(f => new AuditIssue(f.RuleId, AuditSeverities.Name(f.Severity), f.Message, f.Location))
            .ToArray();
}
