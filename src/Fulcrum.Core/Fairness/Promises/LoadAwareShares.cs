using Fulcrum.Core.Config;

namespace Fulcrum.Core.Fairness;

/// <summary>
/// The "expected" shares of the load-aware promises: not the weight shares (their shares rightly follow speed)
/// but the split that would keep the promise given each destination's observed mean latency. By Little's law a
/// destination holds λ·L requests in flight, so the promised in-flight or cost fixes its request rate λ.
/// Below one request in flight on average, or when a judged destination has no latency yet, the pickers break
/// their ties by weight and the weight shares are what to expect.
/// </summary>
internal static class LoadAwareShares
{
    /// <summary>Equal in-flight per weight: λ_i = m·w_i / L_i, so shares ∝ w_i / L_i.</summary>
    public static IReadOnlyList<double> EqualInFlight(PromiseInput input)
    {
        if (Latencies(input) is not { } latency)
        {
            return input.WeightShares;
        }
        var rates = new double[input.Destinations.Count];
        foreach (var i in input.JudgedIndices)
        {
            rates[i] = input.Destinations[i].EffectiveWeight / latency[i];
        }
        return ExpectedShares.Of(rates);
    }

    /// <summary>
    /// Equal cost L·(in-flight + P)/w = C: in-flight_i = C·w_i/L_i − P (never below 0), λ_i = in-flight_i / L_i,
    /// P being peak-ewma's parallelism (1 by default). With <c>cost: expected-delay</c>, L·max(in-flight + 1, P)/w = C:
    /// in-flight_i = C·w_i/L_i − 1 where that is at least P − 1, else 0 (below P in flight the cost does not move, so a
    /// destination costing more than C even when idle is expected to get nothing).
    /// C is found by bisection so that Σλ_i equals the observed total rate Σ in-flight_i / L_i.
    /// </summary>
    public static IReadOnlyList<double> EqualCost(PromiseInput input, PeakEwmaConfig? settings = null)
    {
        var parallelism = (settings ?? PeakEwmaConfig.Default).Parallelism;
        var expectedDelay = settings?.Cost == PeakEwmaCost.ExpectedDelay;
        if (Latencies(input) is not { } latency)
        {
            return input.WeightShares;
        }
        var judged = input.JudgedIndices.ToArray();
        var total = judged.Sum(i => input.Destinations[i].AverageInFlight!.Value / latency[i]);
        double RateAt(double cost, int i)
        {
            var perLatency = cost * input.Destinations[i].EffectiveWeight / latency[i];
            var inFlight = expectedDelay ? (perLatency < parallelism ? 0 : perLatency - 1) : Math.Max(0, perLatency - parallelism);
            return inFlight / latency[i];
        }
        double low = 0, high = 1;
        while (judged.Sum(i => RateAt(high, i)) < total && high < 1e12)
        {
            high *= 2;
        }
        for (var step = 0; step < 100; step++)
        {
            var mid = (low + high) / 2;
            (judged.Sum(i => RateAt(mid, i)) < total ? ref low : ref high) = mid;
        }
        var rates = new double[input.Destinations.Count];
        foreach (var i in judged)
        {
            rates[i] = RateAt(high, i);
        }
        var shares = ExpectedShares.Of(rates);
        return shares.Sum() > 0 ? shares : input.WeightShares;
    }

    /// <summary>Mean latency in seconds per judged destination, or null when load is too low or one is unknown.</summary>
    private static double[]? Latencies(PromiseInput input)
    {
        if (input.MeanInFlight() is not >= FairnessJudge.MinimumMeanInFlight)
        {
            return null;
        }
        var latency = new double[input.Destinations.Count];
        foreach (var i in input.JudgedIndices)
        {
            if (input.Destinations[i].MeanLatency is not { Ticks: > 0 } mean)
            {
                return null;
            }
            latency[i] = mean.TotalSeconds;
        }
        return latency;
    }
}
