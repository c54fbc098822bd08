namespace Fulcrum.Core.Fairness;

/// <summary>
/// Consistent-hash and maglev with a balance-factor c (bounded loads, Mirrokni–Thorup–Zadimoghaddam): no
/// destination holds more than ⌈c·(total in-flight + 1)·s_i⌉ requests, s_i its weight share; a full destination
/// passes keys on, so shares rightly follow load, not weights. On time averages the ceiling becomes "+ 1" (the
/// mean of ⌈x⌉ is below the mean of x plus one), and counts sampled between picks can overshoot a cap that a
/// completion elsewhere just lowered, so the tolerance applies on top:
/// in-flight_i ≤ (c·(T + 1)·s_i + 1)·(1 + tolerance), T the summed mean in-flight. The promised quantity is
/// in-flight per unit of weight share; the expected share shown is the weight share the table aims at.
/// </summary>
internal sealed class BoundedLoadPromise(double balanceFactor) : IFairnessPromise
{
    /// <summary>The factor the hash table applies (it never uses less than 1).</summary>
    private readonly double _factor = Math.Max(1.0, balanceFactor);

    public string Statement => $"no destination above the bounded-load cap ⌈{FairnessText.Number(_factor)}·(in-flight + 1)·weight share⌉";

    public string Quantity => "in-flight per unit weight share";

    public PromiseReading Read(PromiseInput input)
    {
        var perShare = new double?[input.Destinations.Count];
        double total = 0;
        foreach (var i in input.JudgedIndices)
        {
            if (input.Destinations[i].AverageInFlight is not { } inFlight)
            {
                return new PromiseReading(input.WeightShares, new double?[input.Destinations.Count], null, null); // never sampled
            }
            perShare[i] = inFlight / input.WeightShares[i];
            total += inFlight;
        }
        var jain = ShareTest.Jain(perShare);
        int worst = -1;
        double worstRatio = 0, worstCap = 0;
        foreach (var i in input.JudgedIndices)
        {
            var cap = _factor * (total + 1) * input.WeightShares[i] + 1;
            var ratio = input.Destinations[i].AverageInFlight!.Value / cap;
            if (ratio > 1 + input.Tolerance && ratio > worstRatio)
            {
                (worst, worstRatio, worstCap) = (i, ratio, cap);
            }
        }
        if (worst < 0)
        {
            return new PromiseReading(input.WeightShares, perShare, jain, null);
        }
        var d = input.Destinations[worst];
        var skew = new Skew(d.Name, SkewSignal.BoundedLoad, worstRatio - 1, null,
            $"destination {d.Name} holds {FairnessText.Number(d.AverageInFlight!.Value)} requests in flight in cluster {input.Cluster}, " +
            $"{FairnessText.SignedPercent(worstRatio - 1)} over its bounded-load cap of {FairnessText.Number(worstCap)} " +
            $"(balance-factor {FairnessText.Number(_factor)}, {input.Policy} should pass keys on)");
        return new PromiseReading(input.WeightShares, perShare, jain, skew);
    }
}
