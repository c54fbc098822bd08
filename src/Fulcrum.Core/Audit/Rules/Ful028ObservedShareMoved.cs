using Fulcrum.Core.Audit.Live;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL028 (live): a destination's observed share of requests moved by more than <c>fairness.tolerance</c> (relative)
/// since the previous audit, both audits having seen enough traffic to judge.
/// </summary>
internal sealed class Ful028ObservedShareMoved : LiveAuditRule
{
    public override string Id => "FUL028";
    public override string Name => "ObservedShareMoved";
    public override AuditSeverity Severity => AuditSeverity.Info;
    public override string Title => "A destination's observed share moved since the previous audit";
    public override string Description =>
        "Live audit only. Each audit keeps the observed request share of every destination (clusters whose fairness window " +
        "held at least fairness.min-requests); the next one reports a share that moved by more than fairness.tolerance, " +
        "relative to the larger of the two. A config change, a health change or a shift in the traffic's keys explains " +
        "most moves: check the journal around the previous audit's time.";

    protected override IEnumerable<AuditFinding> CheckLive(AuditContext context, LiveObservation observation)
    {
        if (observation.Previous is not { } previous)
        {
            yield break;
        }
        foreach (var snapshot in observation.Clusters)
        {
            if (snapshot.WindowRequests < context.Config.Fairness.MinRequests || context.Config.FindCluster(snapshot.Name) is null)
            {
                continue;
            }
            foreach (var d in snapshot.Destinations)
            {
                if (previous.Find(snapshot.Name, d.Name) is not { } before)
                {
                    continue;
                }
                var larger = Math.Max(before, d.ActualShare);
                if (larger <= 0 || Math.Abs(d.ActualShare - before) / larger <= context.Tolerance)
                {
                    continue;
                }
                yield return Finding(
                    context,
                    SettingKeys.Destination(snapshot.Name, d.Name),
                    $"destination '{d.Name}' of cluster '{snapshot.Name}' had {Percent(before)} of the requests at the previous " +
                    $"audit ({previous.Time:yyyy-MM-dd HH:mm:ss}Z) and has {Percent(d.ActualShare)} now (tolerance {Percent(context.Tolerance)})",
                    snapshot.Name,
                    d.Name);
            }
        }
    }
}
