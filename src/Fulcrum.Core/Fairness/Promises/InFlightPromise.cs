using Fulcrum.Core.Config;

namespace Fulcrum.Core.Fairness;

/// <summary>
/// Least-requests and power-of-two: requests in flight per unit weight are even across destinations, up to
/// <c>slack</c> requests. Judged on time-averaged in-flight counts, only when destinations average at least
/// <see cref="FairnessJudge.MinimumMeanInFlight"/> (below that the counts are mostly 0 and ties, noise).
/// A destination breaks the promise when in-flight_i &gt; w_i·mean·(1 + tolerance) + slack, mean being the mean
/// in-flight per unit weight.
/// <para>In-flight counts are whole requests, so no picker can even them out closer than one request: least-requests
/// (which scans every destination) makes each pick go to the emptiest one, yet between picks the slower
/// destinations keep their requests longer, and at 1–2 requests in flight a time average drifts by a good part of a
/// request (measured: 2.1 against a mean of 1.7 with a correct picker over 10/20/40 ms backends). Its slack is one
/// request. Power-of-two compares only two sampled destinations, and the classic result bounds how far that can
/// drift: n sequential balls into n bins with two choices give a maximum load of ln ln n / ln 2 + O(1) (Azar,
/// Broder, Karlin, Upfal 1994), and the gap above the average stays ln ln n / ln 2 + O(1) however many balls
/// (Berenbrink, Czumaj, Steger, Vöcking 2000); with arrivals and departures the queue tail falls doubly
/// exponentially, P(queue ≥ i) = λ^(2^i − 1) (Mitzenmacher 1996, the supermarket model). So its slack is
/// max(0, ln ln n / ln 2) + 1 requests, the O(1) taken as the same one request (ln ln n is negative for n = 2).
/// A time average smooths the instantaneous gap further, so the bound is conservative: it can only miss a small
/// bias, never alert on a correct picker.</para>
/// </summary>
internal sealed class InFlightPromise(PolicyKind policy) : IFairnessPromise
{
    public string Statement => policy == PolicyKind.PowerOfTwo
        ? "in-flight per unit weight stays within the two-choices bound: mean·(1 + tolerance) + ln ln n / ln 2 + 1 requests"
        : "in-flight per unit weight is even, to within one request";

    public string Quantity => "in-flight per unit weight";

    /// <summary>Whole requests: the closest any picker can even out in-flight counts.</summary>
    public const double Granularity = 1;

    /// <summary>The power-of-two slack in requests for <paramref name="destinations"/> destinations (see remarks).</summary>
    public static double TwoChoicesSlack(int destinations) =>
        destinations < 3 ? Granularity : Math.Max(0, Math.Log(Math.Log(destinations)) / Math.Log(2)) + Granularity;

    public PromiseReading Read(PromiseInput input)
    {
        var perWeight = new double?[input.Destinations.Count];
        foreach (var i in input.JudgedIndices)
        {
            if (input.Destinations[i].AverageInFlight is not { } inFlight)
            {
                return new PromiseReading(input.WeightShares, new double?[input.Destinations.Count], null, null); // never sampled
            }
            perWeight[i] = inFlight / input.Destinations[i].EffectiveWeight;
        }
        var expected = LoadAwareShares.EqualInFlight(input);
        var jain = ShareTest.Jain(perWeight);
        var judged = input.JudgedIndices.ToArray();
        if (judged.Length < 2 || input.MeanInFlight() is not >= FairnessJudge.MinimumMeanInFlight)
        {
            return new PromiseReading(expected, perWeight, jain, null);
        }
        var mean = judged.Average(i => perWeight[i]!.Value);
        var slack = policy == PolicyKind.PowerOfTwo ? TwoChoicesSlack(judged.Length) : Granularity;
        var worst = judged.MaxBy(i => perWeight[i]!.Value);
        var d = input.Destinations[worst];
        var bound = d.EffectiveWeight * mean * (1 + input.Tolerance) + slack;
        if (d.AverageInFlight!.Value <= bound)
        {
            return new PromiseReading(expected, perWeight, jain, null);
        }
        var ratio = perWeight[worst]!.Value / mean;
        var skew = new Skew(d.Name, SkewSignal.InFlight, ratio - 1, null,
            $"destination {d.Name} holds {FairnessText.Number(perWeight[worst]!.Value)} requests in flight per unit weight " +
            $"in cluster {input.Cluster}, {FairnessText.SignedPercent(ratio - 1)} over the mean of {FairnessText.Number(mean)} " +
            $"({input.Policy} should even it out to within {FairnessText.Number(slack)} requests)");
        return new PromiseReading(expected, perWeight, jain, skew);
    }
}
