using System.Reflection;
using Fulcrum.Core.Audit;

namespace Fulcrum.Operations;

/// <summary>
/// Which Fulcrum build audits: the module version ids of the assemblies that hold the config reader, the rules and the
/// simulator (a deterministic build gives new ones exactly when their code changed; the rule set is compiled into
/// <c>Fulcrum.Core</c>, so its id is the rule set's version too) and the runtime version. A journaled audit is reused
/// only by the same build; null <see cref="Identity"/> means "cannot tell".
/// </summary>
internal sealed record AuditBuild(string? Identity)
{
    public static AuditBuild Current { get; } = new(Compute());

    private static string? Compute()
    {
        try
        {
            return string.Join("|",
                Module(typeof(AuditEngine).Assembly),
                Module(typeof(AuditBuild).Assembly),
                Environment.Version.ToString());
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
