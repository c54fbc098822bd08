namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL005: a destination's weight share differs from its declared-capacity share by more than
/// <c>fairness.tolerance</c> (relative) — the blunder this product exists for: weights say one thing,
/// the backends can take another, and the smaller one buckles first.
/// </summary>
internal sealed class Ful005WeightsDisagreeWithCapacity : AuditRule
{
    public override string Id => "FUL005";
    public override string Name => "WeightsDisagreeWithCapacity";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "A destination's weight share differs from its capacity share by more than the fairness tolerance";
    public override string Description =>
        "Weights state the intended split; capacities state what each backend can take. When a destination's " +
        "share of the weight is off its share of the capacity by more than fairness.tolerance (relative), it is " +
        "asked for more (or less) than its peers per unit of capacity, and the one asked for more saturates " +
        "first. Make the weights proportional to the capacities, or correct the capacities. (FUL020 reports, " +
        "as an error, the case where this drives a destination past its capacity at 70 % of the cluster's.)";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            // Compare within the destinations that can take traffic and say how much they can take.
            var declared = IntendedShares.Weighted(cluster).Where(d => d.Capacity is > 0).ToList();
            if (declared.Count < 2)
            {
                continue;
            }
            double totalWeight = declared.Sum(d => (long)d.Weight);
            var totalCapacity = declared.Sum(d => d.Capacity!.Value);
            foreach (var destination in declared)
            {
                var weightShare = destination.Weight / totalWeight;
                var capacityShare = destination.Capacity!.Value / totalCapacity;
                var deviation = Math.Abs(weightShare - capacityShare) / capacityShare;
                if (deviation <= context.Tolerance)
                {
                    continue;
                }
                var load = weightShare / capacityShare;
                yield return Finding(
                    context,
                    SettingKeys.Destination(cluster.Name, destination.Name, "weight"),
                    $"destination '{destination.Name}' of cluster '{cluster.Name}' has {Percent(weightShare)} of the weight " +
                    $"but {Percent(capacityShare)} of the declared capacity ({Format.Number(destination.Capacity.Value)} of " +
                    $"{Format.Number(totalCapacity)} req/s): it runs at {Format.Number(load)}× the cluster's average load per " +
                    $"unit of capacity (tolerance {Percent(context.Tolerance)})",
                    cluster.Name,
                    destination.Name);
            }
        }
    }
}
