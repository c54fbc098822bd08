using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Fulcrum.Hosting;

namespace Fulcrum.Operations;

/// <summary>The audit every config passes through before (the executable) or as (an embedding app) it serves.</summary>
internal static class ConfigAudit
{
    public static IReadOnlyList<AuditIssue> Run(FulcrumConfig config) =>
        AuditEngine.Run(config).Findings
            .Select(f => new AuditIssue(f.RuleId, AuditSeverities.Name(f.Severity), f.Message, f.Location))
            .ToArray();
}
