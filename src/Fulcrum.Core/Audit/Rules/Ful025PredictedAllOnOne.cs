using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL025: whatever the policy, the simulator predicts one destination takes (almost) all of a cluster's traffic
/// while others are eligible. The simulation rules judge a policy by its own promise, and some promises allow this
/// (first-available, a hash whose keys all land on one destination): this rule says so plainly, for every policy.
/// </summary>
internal sealed class Ful025PredictedAllOnOne : AuditRule
{
    /// <summary>A predicted share at or above this is "all the traffic" (sampling leaves a few requests elsewhere).</summary>
    public const double AllShare = 0.99;

    public override string Id => "FUL025";
    public override string Name => "PredictedAllOnOne";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "One destination is predicted to take all the traffic while others are eligible";
    public override string Description =>
        "The audit runs each cluster's own picker over uniform simulated traffic. When one destination is predicted to " +
        "take 99 % or more of the requests while other destinations are eligible (weight above 0), the others only " +
        "stand by, whatever the policy promises: first-available does it by design, a hash key with too few values " +
        "or a weight far above the others does it by accident. If a fail-over pair is what you want, keep it and " +
        "accept the warning; otherwise pick a sharing policy, a key with more values, or closer weights.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            var weighted = IntendedShares.Weighted(cluster);
            if (weighted.Count < 2)
            {
                continue;
            }
            var prediction = context.Predict(cluster);
            if (prediction.Destinations.FirstOrDefault(d => d.Share >= AllShare) is not { } all)
            {
                continue;
            }
            yield return AllOnOne(context, cluster, weighted, prediction, all);
        }
    }

    // Apart from Check: the message is only built (and compiled) when a destination takes all the traffic.
    private AuditFinding AllOnOne(AuditContext context, ClusterConfig cluster, IReadOnlyList<DestinationConfig> weighted, SharePrediction prediction, PredictedDestination all)
    {
        var idle = weighted.Where(d => d.Name != all.Name).Select(d => d.Name).ToList();
        var destination = cluster.Destinations.First(d => d.Name == all.Name);
        return Finding(
            context,
            SettingKeys.Cluster(cluster.Name, "policy"),
            $"destination '{all.Name}' of cluster '{cluster.Name}' is predicted to take {Percent(all.Share)} of the traffic " +
            $"(weight share {Percent(IntendedShares.Of(cluster, destination))}) while {string.Join(", ", idle)} " +
            $"{(idle.Count == 1 ? "is" : "are")} eligible and get{(idle.Count == 1 ? "s" : "")} almost none, running the " +
            $"{PolicyName(cluster)} picker over {prediction.Requests} uniform requests",
            cluster.Name,
            all.Name);
    }
}
