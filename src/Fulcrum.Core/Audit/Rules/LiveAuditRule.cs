using Fulcrum.Core.Audit.Live;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>A rule that judges observed data: it finds nothing in a static audit (no <see cref="AuditContext.Observation"/>).</summary>
internal abstract class LiveAuditRule : AuditRule
{
    public sealed override IEnumerable<AuditFinding> Check(AuditContext context) =>
        context.Observation is { } observation ? CheckLive(context, observation) : [];

    protected abstract IEnumerable<AuditFinding> CheckLive(AuditContext context, LiveObservation observation);
}
