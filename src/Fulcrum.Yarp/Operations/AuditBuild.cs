using System.Reflection;
using Fulcrum.Core.Audit;

namespace Fulcrum.Operations;

/// <summary>
/// Which Fulcrum build audits: the module version ids of the assemblies that hold the config reader, the rules and the
/// simulator (a deterministic build gives new ones exactly when their code changed), the runtime version, and the
/// rule set. A journaled audit is reused only by the same build; null <see cref="Identity"/> means "cannot tell".
/// </summary>
internal sealed record AuditBuild(string? Identity)
{
    public static AuditBuild Current { get; } = new(Compute());

    private static string? Compute()
    {
        try
        {
            var rules = string.Join(",", AuditEngine.Default.Rules.Select(r => $"{r.Id}:{r.Severity}"));
            return string.Join("|",
                Module(typeof(AuditEngine).Assembly),
                Module(typeof(AuditBuild).Assembly),
                Environment.Version.ToString(),
                rules);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
        {
            // No module identity (a host that strips metadata): every start audits.
            return null;
        }
    }

    private static string Module(Assembly assembly) =>
        $"{assembly.GetName().Name}/{assembly.ManifestModule.ModuleVersionId:N}";
}
