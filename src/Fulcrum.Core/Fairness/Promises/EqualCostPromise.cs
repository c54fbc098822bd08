namespace Fulcrum.Core.Fairness;

/// <summary>
/// Peak-ewma: each request goes to the cheaper of two candidates, cost being latency × (in-flight + 1) / weight,
/// so traffic flows toward low cost and a fast backend rightly takes more requests AND holds more in flight
/// (judging its in-flight per weight, as before, raised a false <c>imbalance</c> on the fast backend). The promise:
/// no destination is favored (share above its weight share by more than the tolerance) while its cost, measured
/// over the window as mean latency × (mean in-flight + 1) / weight, is above the mean cost by more than the
/// tolerance. A picker that prefers an expensive destination breaks it; a slow destination left with little
/// traffic does not. Costs need <see cref="FairnessJudge.OverloadMinLatencyRequests"/> requests for their mean
/// latency to count; destinations with fewer are left out of the mean. Across a stall of the whole machine
/// (<see cref="CommonModeStall"/>) and the picker's recovery from it, a costly favored destination is reported as
/// an advisory, not a broken promise: every destination slowed together, so nobody was favored.
/// </summary>
internal sealed class EqualCostPromise : IFairnessPromise
{
    public string Statement => "traffic goes to the lowest cost, latency × (in-flight + 1) per unit weight; no favored destination costs more than the mean";

    public string Quantity => "cost: mean latency (ms) × (in-flight + 1) per unit weight";

    public PromiseReading Read(PromiseInput input)
    {
        var cost = new double?[input.Destinations.Count];
        foreach (var i in input.JudgedIndices)
        {
            var d = input.Destinations[i];
            if (d.Requests >= FairnessJudge.OverloadMinLatencyRequests && d.MeanLatency is { } latency && d.AverageInFlight is { } inFlight)
            {
                cost[i] = latency.TotalMilliseconds * (inFlight + 1) / d.EffectiveWeight;
            }
        }
        var expected = LoadAwareShares.EqualCost(input);
        var jain = ShareTest.Jain(cost);
        var measured = input.JudgedIndices.Where(i => cost[i].HasValue).ToArray();
        if (measured.Length < 2)
        {
            return new PromiseReading(expected, cost, jain, null);
        }
        var mean = measured.Average(i => cost[i]!.Value);
        var worst = -1;
        foreach (var i in measured)
        {
            var favored = input.Actual[i] > input.WeightShares[i] * (1 + input.Tolerance);
            if (favored && cost[i] > mean * (1 + input.Tolerance) && (worst < 0 || cost[i] > cost[worst]))
            {
                worst = i;
            }
        }
        if (worst < 0)
        {
            return new PromiseReading(expected, cost, jain, null);
        }
        var name = input.Destinations[worst].Name;
        var ratio = cost[worst]!.Value / mean;
        var summary = $"destination {name} gets {FairnessText.Percent(input.Actual[worst])} of cluster {input.Cluster} " +
            $"(weight share {FairnessText.Percent(input.WeightShares[worst])}) at a cost of {FairnessText.Number(cost[worst]!.Value)}, " +
            $"{FairnessText.SignedPercent(ratio - 1)} over the mean of {FairnessText.Number(mean)}";
        if (input.Stall is { } stall)
        {
            var advisory = new Skew(name, SkewSignal.Cost, ratio - 1, null,
                $"{summary}, not judged: every destination slowed ×{FairnessText.Number(stall.Ratio)} together at " +
                $"{stall.At:HH:mm:ss} (a stall of the whole machine), judged again from {stall.Until:HH:mm:ss}");
            return new PromiseReading(expected, cost, jain, null, advisory);
        }
        var skew = new Skew(name, SkewSignal.Cost, ratio - 1, null, $"{summary} ({input.Policy} should prefer cheaper destinations)");
        return new PromiseReading(expected, cost, jain, skew);
    }
}
