using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL004: weights more than 3× apart in one cluster with no declared capacity on the destinations involved.
/// A big weight is a claim that a backend is bigger; without a capacity nothing backs the claim, and a typo
/// (10 for 1) looks exactly like this.
/// </summary>
internal sealed class Ful004WeightsFarApart : AuditRule
{
    /// <summary>Beyond this ratio between the heaviest and the lightest weight, a reason is expected.</summary>
    public const double MaxUnexplainedRatio = 3.0;

    public override string Id => "FUL004";
    public override string Name => "WeightsFarApartWithoutCapacity";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Weights more than 3× apart with no capacity that justifies them";
    public override string Description =>
        "When one destination's weight is more than three times another's, it is sent that much more traffic. " +
        "That is right only if it can take that much more — declare each destination's capacity (req/s) so the " +
        "audit and the fairness monitor can check it, or bring the weights closer. A slip of the finger " +
        "(weight 10 instead of 1) looks exactly like this.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            var weighted = IntendedShares.Weighted(cluster);
            if (weighted.Count < 2)
            {
                continue;
            }
            var heaviest = weighted.MaxBy(d => d.Weight)!;
            var lightest = weighted.MinBy(d => d.Weight)!;
            var ratio = (double)heaviest.Weight / lightest.Weight;
            if (ratio <= MaxUnexplainedRatio || (heaviest.Capacity is not null && lightest.Capacity is not null))
            {
                continue;
            }
            yield return Finding(
                context,
                SettingKeys.Destination(cluster.Name, heaviest.Name, "weight"),
                $"destination '{heaviest.Name}' of cluster '{cluster.Name}' has weight {heaviest.Weight}, {Format.Number(ratio)}× " +
                $"the weight of '{lightest.Name}' ({lightest.Weight}), and gets {Percent(Share(cluster, heaviest))} of the traffic, " +
                $"but no capacity is declared to justify it",
                cluster.Name,
                heaviest.Name);
        }
    }

    private static double Share(ClusterConfig cluster, DestinationConfig destination) =>
        IntendedShares.Of(cluster, destination);
}
