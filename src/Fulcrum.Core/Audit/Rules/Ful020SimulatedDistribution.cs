using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL020: runs the cluster's real picker in the simulator under uniform traffic, all destinations healthy and
/// warm, and flags (a) a predicted share further than <c>fairness.tolerance</c> (relative) from the weight share,
/// and (b) a destination predicted past its declared capacity when the cluster is offered 70 % of its total
/// declared capacity. Uniform traffic is the picker's best case: what goes wrong here goes wrong in production.
/// </summary>
internal sealed class Ful020SimulatedDistribution : AuditRule
{
    /// <summary>
    /// A deviation must also be this many binomial standard deviations wide to count, so sampling noise of the
    /// simulation (or of random pickers) is never reported as bias.
    /// </summary>
    public const double MinSigmas = 5;

    public override string Id => "FUL020";
    public override string Name => "SimulatedDistributionMissesIntent";
    public override AuditSeverity Severity => AuditSeverity.Error;
    public override string Title => "Simulated with the real picker, a destination's share or load misses the config's intent";
    public override string Description =>
        "The audit runs each cluster's own picker — the code the proxy runs — over uniform simulated traffic with " +
        "every destination healthy, warm and modelled from its declared capacity. If even then a destination's predicted share of requests is further " +
        "from its weight share than fairness.tolerance allows, or, with the cluster offered 70 % of its total " +
        "declared capacity, a destination is predicted past its own capacity, the config will favor it in " +
        "production, and worse with real traffic. Fix the weights (make them proportional to the capacities), " +
        "the policy, or the hash settings until the prediction matches.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            // first-available means fail-over, not a split (FUL003 covers a split it cannot deliver).
            if (cluster.Policy == PolicyKind.FirstAvailable || IntendedShares.Weighted(cluster).Count < 2)
            {
                continue;
            }
            var prediction = context.Predict(cluster);
            foreach (var destination in cluster.Destinations)
            {
                if (prediction.Find(destination.Name) is not { } predicted)
                {
                    continue;
                }
                if (ShareFinding(context, cluster, destination, predicted, prediction.Requests) is { } share)
                {
                    yield return share;
                }
                if (LoadFinding(context, cluster, destination, predicted, prediction.OfferedRate) is { } load)
                {
                    yield return load;
                }
            }
        }
    }

    private AuditFinding? ShareFinding(AuditContext context, ClusterConfig cluster, DestinationConfig destination, PredictedDestination predicted, int requests)
    {
        if (IntendedShares.Of(cluster, destination) is not { } intended || intended == 0 || SharesRightlyFollowSpeed(cluster))
        {
            return null;
        }
        var deviation = Math.Abs(predicted.Share - intended);
        var noise = Math.Sqrt(intended * (1 - intended) / Math.Max(1, requests));
        if (deviation / intended <= context.Tolerance || deviation <= MinSigmas * noise)
        {
            return null;
        }
        return Finding(
            context,
            SettingKeys.Destination(cluster.Name, destination.Name, "weight"),
            $"destination '{destination.Name}' of cluster '{cluster.Name}' predicted {Percent(predicted.Share)} of requests, " +
            $"intended {Percent(intended)} (weight {destination.Weight} of {IntendedShares.TotalWeight(cluster)}), running the " +
            $"{PolicyName(cluster)} picker over {requests} uniform requests (tolerance {Percent(context.Tolerance)})",
            cluster.Name,
            destination.Name);
    }

    /// <summary>
    /// Pickers that consult in-flight counts — the load-aware policies, and hashing with bounded loads, which
    /// passes a key on when its destination holds more than its cap of requests — send more to faster
    /// destinations, as they should (DESIGN.md, "Meaning of fairness"). Over unequal capacities their shares
    /// are not meant to follow the weights, so only the load check applies.
    /// </summary>
    private static bool SharesRightlyFollowSpeed(ClusterConfig cluster) =>
        (Policies.IsLoadAware(cluster.Policy) || (Policies.IsHashing(cluster.Policy) && cluster.Hash?.BalanceFactor is not null))
        && IntendedShares.Weighted(cluster).Select(d => d.Capacity).Distinct().Count() > 1;

    private AuditFinding? LoadFinding(AuditContext context, ClusterConfig cluster, DestinationConfig destination, PredictedDestination predicted, double? offeredRate)
    {
        if (destination.Capacity is not { } capacity || predicted.Rate is not { } rate || offeredRate is null || rate <= capacity)
        {
            return null;
        }
        return Finding(
            context,
            SettingKeys.Destination(cluster.Name, destination.Name, "capacity"),
            $"destination '{destination.Name}' of cluster '{cluster.Name}' predicted at {Format.Number(rate)} req/s against " +
            $"capacity {Format.Number(capacity)} when the cluster gets {Percent(OfferedLoad.FractionOfCapacity)} of its declared " +
            $"capacity ({Format.Number(offeredRate.Value)} req/s): its share is {Percent(predicted.Share)}",
            cluster.Name,
            destination.Name);
    }
}
