using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>Shared plumbing of the built-in rules: metadata as properties, and findings located by config key.</summary>
internal abstract class AuditRule : IAuditRule
{
    public abstract string Id { get; }
    public abstract string Name { get; }
    public abstract AuditSeverity Severity { get; }
    public abstract string Title { get; }
    public abstract string Description { get; }
    public string DocPath => $"docs/rules/{Id}.md";
    public virtual bool ReadsOutsideConfig => false;

    public abstract IEnumerable<AuditFinding> Check(AuditContext context);

    protected AuditFinding Finding(AuditContext context, string key, string message, string? cluster = null, string? destination = null) =>
        new(Id, Severity, message, context.Locate(key), cluster, destination);

    /// <summary>A share as a whole percentage, the way every message prints it ("62 %").</summary>
    protected static string Percent(double share) => Format.Percent(share);

    protected static string Duration(TimeSpan value) => Format.Duration(value);

    protected static string PolicyName(ClusterConfig cluster) => cluster.PolicyName;
}
