using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL021: the real picker, in the simulator under uniform traffic, breaks its policy's fairness promise. The
/// prediction is turned into the same per-destination windows the live monitor builds and judged by the same
/// <see cref="FairnessJudge"/> with the same <see cref="FairnessPromises"/>, so the audit and the
/// <c>imbalance</c> alert cannot disagree about what is skewed. Overload is left to FUL020 (its error twin).
/// A warning, not an error: it rests on a model of the backends.
/// </summary>
internal sealed class Ful021SimulatedShareSkew : SimulatedClusterRule
{
    public override string Id => "FUL021";
    public override string Name => "SimulatedShareSkew";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Simulated with the real picker, the policy's fairness promise is broken";
    public override string Description =>
        "The audit runs each cluster's own picker over uniform simulated traffic, every destination healthy, warm and " +
        "modelled from its declared capacity, and judges the result with the fairness monitor's own judge and the " +
        "policy's own promise: shares follow the weights (round-robin, random, and the key split of plain hashing), " +
        "in-flight per unit weight is even (least-requests; power-of-two within its two-choices bound), no favored " +
        "destination costs more than the mean (peak-ewma), no destination above its bounded-load cap (hashing with a " +
        "balance-factor). A deviation beyond fairness.tolerance that is not sampling noise is reported for the named " +
        "destination. What is skewed under uniform traffic will be skewed in production, and the imbalance alert will " +
        "fire. Check the policy, the hash settings and the weights.";

    protected override IEnumerable<AuditFinding> CheckCluster(AuditContext context, ClusterConfig cluster, SharePrediction prediction)
    {
        var windows = cluster.Destinations.Select((d, i) => Window(d, i, prediction)).ToArray();
        var judgment = FairnessJudge.Judge(cluster.Name, cluster.Policy, FairnessPromises.For(cluster), windows,
            context.Config.Fairness, judgeOverload: false);
        // Under uniform keys a hash skew is the ring's fault, not a hot key's: the audit reports the advisory too.
        if ((judgment.Skew ?? judgment.Advisory) is not { } skew || cluster.Destinations.FirstOrDefault(d => d.Name == skew.Destination) is not { } destination)
        {
            yield break;
        }
        var index = Array.FindIndex(windows, w => w.Name == skew.Destination);
        var what = skew.Signal == SkewSignal.Share
            ? $"destination '{destination.Name}' of cluster '{cluster.Name}' predicted {Percent(judgment.Actual[index])} of requests, " +
              $"intended {Percent(judgment.Expected[index])} (weight {destination.Weight} of {IntendedShares.TotalWeight(cluster)})"
            : $"{skew.Summary}, with {Percent(judgment.Actual[index])} of requests (intended {Percent(IntendedShares.Of(cluster, destination))})";
        yield return Finding(
            context,
            SettingKeys.Destination(cluster.Name, destination.Name, "weight"),
            $"{what}, {Picker(cluster, prediction)} (tolerance {Percent(context.Tolerance)})",
            cluster.Name,
            destination.Name);
    }

    /// <summary>The predicted destination as the live monitor would see it over a window: all healthy and warm (ramp 1).</summary>
    private static DestinationWindow Window(DestinationConfig destination, int index, SharePrediction prediction)
    {
        var predicted = prediction.Find(destination.Name, index);
        var requests = predicted is null ? 0 : (long)Math.Round(predicted.Share * prediction.Requests);
        return new DestinationWindow(
            destination.Name, destination.Weight, destination.Weight > 0, destination.Capacity, destination.Weight,
            requests, Math.Min(requests, predicted?.Errors ?? 0), predicted?.P50, predicted?.P99, predicted?.AverageInFlight,
            predicted?.MeanLatency);
    }
}
