using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL021: the real picker, in the simulator under uniform traffic, does not deliver the split the weights ask
/// for — judged as the live fairness monitor judges: a share further than <c>fairness.tolerance</c> (relative)
/// from the weight share; for the load-aware policies, whose shares rightly follow speed, requests in flight per
/// unit weight over the mean. A warning, not an error: it rests on a model of the backends and, for load-aware
/// policies, on a noisy quantity.
/// </summary>
internal sealed class Ful021SimulatedShareSkew : SimulatedClusterRule
{
    /// <summary>A share deviation must also be this many binomial standard deviations wide, so sampling noise is never reported.</summary>
    public const double MinSigmas = 5;

    /// <summary>Below this mean in flight per destination, in-flight ratios are noise (the fairness monitor's guard).</summary>
    public const double MinMeanInFlight = 1.0;

    public override string Id => "FUL021";
    public override string Name => "SimulatedShareSkew";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Simulated with the real picker, a destination's share strays from its weight beyond the tolerance";
    public override string Description =>
        "The audit runs each cluster's own picker over uniform simulated traffic, every destination healthy, warm and " +
        "modelled from its declared capacity, and judges the result as the fairness monitor judges live traffic: a " +
        "destination whose predicted share is further from its weight share than fairness.tolerance, or — for " +
        "least-requests, power-of-two and peak-ewma — that holds more requests in flight per unit weight than the " +
        "mean by more than the tolerance. What is skewed under uniform traffic will be skewed in production, and " +
        "the imbalance alert will fire. Check the policy, the hash settings and the weights.";

    protected override IEnumerable<AuditFinding> CheckCluster(AuditContext context, ClusterConfig cluster, SharePrediction prediction) =>
        Policies.IsLoadAware(cluster.Policy) ? InFlightSkew(context, cluster, prediction) : ShareSkew(context, cluster, prediction);

    private IEnumerable<AuditFinding> ShareSkew(AuditContext context, ClusterConfig cluster, SharePrediction prediction)
    {
        if (BoundedHashingOverUnequalCapacities(cluster))
        {
            yield break;
        }
        foreach (var destination in cluster.Destinations)
        {
            if (prediction.Find(destination.Name) is not { } predicted || IntendedShares.Of(cluster, destination) is not { } intended || intended == 0)
            {
                continue;
            }
            var deviation = Math.Abs(predicted.Share - intended);
            var noise = Math.Sqrt(intended * (1 - intended) / Math.Max(1, prediction.Requests));
            if (deviation / intended <= context.Tolerance || deviation <= MinSigmas * noise)
            {
                continue;
            }
            yield return Finding(
                context,
                SettingKeys.Destination(cluster.Name, destination.Name, "weight"),
                $"destination '{destination.Name}' of cluster '{cluster.Name}' predicted {Percent(predicted.Share)} of requests, " +
                $"intended {Percent(intended)} (weight {destination.Weight} of {IntendedShares.TotalWeight(cluster)}), " +
                $"{Picker(cluster, prediction)} (tolerance {Percent(context.Tolerance)})",
                cluster.Name,
                destination.Name);
        }
    }

    /// <summary>
    /// Hashing with bounded loads passes a key on when its destination holds more than its cap in flight, so a
    /// slower destination sheds keys to faster ones — load-driven by design. Over unequal capacities its shares
    /// are not meant to follow the weights.
    /// </summary>
    private static bool BoundedHashingOverUnequalCapacities(ClusterConfig cluster) =>
        Policies.IsHashing(cluster.Policy) && cluster.Hash?.BalanceFactor is not null
        && IntendedShares.Weighted(cluster).Select(d => d.Capacity).Distinct().Count() > 1;

    /// <summary>Load-aware policies should even out requests in flight per unit weight; the worst one is reported.</summary>
    private IEnumerable<AuditFinding> InFlightSkew(AuditContext context, ClusterConfig cluster, SharePrediction prediction)
    {
        var perWeight = new List<(DestinationConfig Destination, double InFlight, double PerWeight)>();
        foreach (var destination in IntendedShares.Weighted(cluster))
        {
            if (prediction.Find(destination.Name)?.AverageInFlight is not { } inFlight)
            {
                yield break; // the simulator did not measure it: nothing to judge on
            }
            perWeight.Add((destination, inFlight, inFlight / destination.Weight));
        }
        var mean = perWeight.Average(p => p.PerWeight);
        var worst = perWeight.MaxBy(p => p.PerWeight);
        if (perWeight.Average(p => p.InFlight) < MinMeanInFlight || worst.PerWeight <= mean * (1 + context.Tolerance))
        {
            yield break;
        }
        yield return Finding(
            context,
            SettingKeys.Destination(cluster.Name, worst.Destination.Name, "weight"),
            $"destination '{worst.Destination.Name}' of cluster '{cluster.Name}' predicted to hold {Format.Number(worst.PerWeight)} " +
            $"requests in flight per unit weight, {Format.Number(worst.PerWeight / mean)}× the mean of {Format.Number(mean)}, with " +
            $"{Percent(prediction.Find(worst.Destination.Name)!.Share)} of requests (intended " +
            $"{Percent(IntendedShares.Of(cluster, worst.Destination) ?? 0)}), {Picker(cluster, prediction)} (tolerance {Percent(context.Tolerance)})",
            cluster.Name,
            worst.Destination.Name);
    }
}
