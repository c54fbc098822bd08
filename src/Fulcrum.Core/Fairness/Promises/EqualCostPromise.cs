using Fulcrum.Core.Config;

namespace Fulcrum.Core.Fairness;

/// <summary>
/// Peak-ewma: each request goes to the cheaper of two candidates, cost being latency × (in-flight + 1) / weight,
/// so traffic flows toward low cost and a fast backend rightly takes more requests AND holds more in flight
/// (judging its in-flight per weight, as before, raised a false <c>imbalance</c> on the fast backend). The promise:
/// no destination is favored (share above both its weight share and its equal-cost share by more than the tolerance) while its cost, measured
/// over the window as mean latency × (mean in-flight + 1) / weight, is above the mean cost by more than the
/// tolerance. A picker that prefers an expensive destination breaks it; a slow destination left with little
/// traffic does not. Costs need <see cref="FairnessJudge.OverloadMinLatencyRequests"/> requests for their mean
/// latency to count; destinations with fewer are left out of the mean. Across a stall of the whole machine
/// (<see cref="CommonModeStall"/>) and the picker's recovery from it, a costly favored destination is reported as
/// an advisory, not a broken promise: every destination slowed together, so nobody was favored.
/// With <c>peak-ewma.parallelism</c> P the picker's cost is latency × (in-flight + P) / weight, and the promise is
/// judged on that same cost: judging a P &gt; 1 cluster on (in-flight + 1) would call the fast destinations, which
/// rightly hold more in flight, expensive and favored — a false <c>imbalance</c>. With <c>cost: expected-delay</c> the
/// same holds for latency × max(in-flight + 1, P) (<see cref="PeakEwmaConfig.Load"/>).
/// </summary>
internal sealed class EqualCostPromise(PeakEwmaConfig? settings = null) : IFairnessPromise
{
    private readonly PeakEwmaConfig _settings = settings ?? PeakEwmaConfig.Default;

    private string LoadText => _settings.Cost == PeakEwmaCost.ExpectedDelay
        ? $"max(in-flight + 1, {_settings.Parallelism})"
        : $"(in-flight + {_settings.Parallelism})";

    public string Statement => $"traffic goes to the lowest cost, latency × {LoadText} per unit weight; no favored destination costs more than the mean";

    public string Quantity => $"cost: mean latency (ms) × {LoadText} per unit weight";

    /// <summary>
    /// The cost of the in-flight counts no two-choices picker can even out (<see cref="InFlightPromise.TwoChoicesSlack"/>
    /// requests: whole requests, two sampled candidates): latency × slack / weight. At one or two requests in flight one
    /// request is half the cost, so without it a correct picker over a weight-3 slow backend read +27 % on a fast one
    /// (virtual time, <c>BiasedConfigRunTests</c>) — a false <c>imbalance</c> on a destination nobody favored.
    /// </summary>
    private static double OneRequest(PromiseInput input, int i, int destinations) =>
        input.Destinations[i].MeanLatency!.Value.TotalMilliseconds * InFlightPromise.TwoChoicesSlack(destinations) / input.Destinations[i].EffectiveWeight;

    public PromiseReading Read(PromiseInput input)
    {
        var cost = new double?[input.Destinations.Count];
        foreach (var i in input.JudgedIndices)
        {
            var d = input.Destinations[i];
            if (d.Requests >= FairnessJudge.OverloadMinLatencyRequests && d.MeanLatency is { } latency && d.AverageInFlight is { } inFlight)
            {
                cost[i] = latency.TotalMilliseconds * _settings.Load(inFlight) / d.EffectiveWeight;
            }
        }
        var expected = LoadAwareShares.EqualCost(input, _settings);
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
            // Favored beyond both the weight share and the equal-cost share: with weight 3 on a slow backend the
            // fast ones rightly take far more than their weight shares (46 % against 20 %, bench/fairness phase 2),
            // and their window cost reads above a mean that the heavy weight divides down; that is the promise kept.
            var favored = input.Actual[i] > Math.Max(input.WeightShares[i], expected[i]) * (1 + input.Tolerance);
            if (favored && cost[i] > mean * (1 + input.Tolerance) + OneRequest(input, i, measured.Length) && (worst < 0 || cost[i] > cost[worst]))
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
