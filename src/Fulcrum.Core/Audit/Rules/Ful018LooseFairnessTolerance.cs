namespace Fulcrum.Core.Audit.Rules;

/// <summary>FUL018: <c>fairness.tolerance</c> above 0.5 — a destination can get 1.5× its share before anyone hears of it.</summary>
internal sealed class Ful018LooseFairnessTolerance : AuditRule
{
    public const double MaxTolerance = 0.5;

    public override string Id => "FUL018";
    public override string Name => "LooseFairnessTolerance";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "fairness.tolerance above 0.5 lets serious skew go unreported";
    public override string Description =>
        "fairness.tolerance is the relative deviation from a destination's expected share that counts as skew. " +
        "Above 0.5 a destination may take more than 1.5× its share — or half of it — before the imbalance alert " +
        "can fire, and the audit's share checks loosen just as much. 0.1 to 0.3 catches real favoritism without " +
        "noise; the chi-square test already keeps small samples from alerting.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        var tolerance = context.Config.Fairness.Tolerance;
        if (tolerance <= MaxTolerance)
        {
            yield break;
        }
        yield return Finding(
            context,
            SettingKeys.Fairness("tolerance"),
            $"fairness.tolerance is {Format.Number(tolerance)}: a destination can get {Format.Number(1 + tolerance)}× its " +
            $"expected share before it counts as skew (keep it at {Format.Number(MaxTolerance)} or below)");
    }
}
