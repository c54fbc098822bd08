using Fulcrum.Core.Audit.Live;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL026 (live): a destination's weight share is at least <see cref="Ratio"/> times its share of the cluster's
/// capacity as inferred from its observed throughput and latency (<see cref="ObservedCapacity"/>). The config favors
/// a backend that is, by what it was seen to do, slower than its peers.
/// </summary>
internal sealed class Ful026WeightAboveObservedCapacity : LiveAuditRule
{
    /// <summary>Weight share over observed capacity share from which the weight is "far" above the capacity.</summary>
    public const double Ratio = 2.0;

    public override string Id => "FUL026";
    public override string Name => "WeightAboveObservedCapacity";
    public override AuditSeverity Severity => AuditSeverity.Error;
    public override string Title => "A destination's weight share is far above its observed share of capacity";
    public override string Description =>
        "Live audit only (the scheduled audit, `fulcrum audit --live`). Each destination's capacity is inferred from what " +
        "the monitor observed over the fairness window with Little's law: completing X requests per second while holding " +
        "N in flight, it serves X/N requests per second per request it holds (1/p50 latency when the in-flight average is " +
        "unknown); its capacity share is that rate over the sum of its peers'. A destination whose weight share is twice " +
        "or more its capacity share is favored beyond what it can take: it queues, slows and fails first. Lower its " +
        "weight towards the suggested one, or find out why it is slower.";

    protected override IEnumerable<AuditFinding> CheckLive(AuditContext context, LiveObservation observation)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (cluster.Policy == PolicyKind.FirstAvailable || observation.Find(cluster.Name) is not { } snapshot
                || ObservedCapacity.Of(snapshot, context.Config.Fairness.MinRequests) is not { } capacities)
            {
                continue;
            }
            var totalWeight = capacities.Sum(c => c.Weight);
            foreach (var c in capacities.Where(c => c.Ratio >= Ratio))
            {
                var method = c.FromInFlight
                    ? $"{Format.Number(c.Throughput)} req/s completed, {Format.Number(c.RatePerInFlight)} req/s per request in flight"
                    : $"{Format.Number(c.Throughput)} req/s completed, {Format.Number(c.RatePerInFlight)} req/s at its p50 latency";
                var suggested = Math.Max(1, (int)Math.Round(c.CapacityShare * totalWeight));
                yield return Finding(
                    context,
                    SettingKeys.Destination(cluster.Name, c.Destination, "weight"),
                    $"destination '{c.Destination}' of cluster '{cluster.Name}' has {Percent(c.WeightShare)} of the weight " +
                    $"(weight {c.Weight} of {totalWeight}) but {Percent(c.CapacityShare)} of the capacity observed over the last " +
                    $"{Duration(snapshot.Window)} ({method}): {Format.Number(c.Ratio)}× its capacity share; a weight near {suggested} matches it",
                    cluster.Name,
                    c.Destination);
            }
        }
    }
}
