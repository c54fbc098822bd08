using Fulcrum.Core.Config;

namespace Fulcrum.Core.Fairness;

/// <summary>
/// The one definition of a destination's expected share (DESIGN.md, "Meaning of fairness"): among the eligible
/// destinations, w_i·r_i / Σ w_j·r_j, where w is the weight and r the slow-start ramp (1 when warm). The fairness
/// judge, the live monitor, the audit and the simulator all call it, so they cannot disagree.
/// <para>When no destination has an effective weight above zero (every weight 0, or nothing eligible) there is no
/// intended split: every expected share is 0 and the fairness verdict is "no eligible destination"
/// (<see cref="NoEligibleDestination"/>). The balancer then spreads traffic over all destinations (panic mode),
/// which is a failure mode with its own alert (<c>all-ejected</c>), not a split to judge.</para>
/// </summary>
public static class ExpectedShares
{
    /// <summary>How verdicts spell the all-zero case.</summary>
    public const string NoEligibleDestination = "no eligible destination";

    /// <summary>
    /// Expected shares from effective weights (w·r; 0, negative or NaN for a destination that is not eligible).
    /// The result is parallel to the input and sums to 1, or is all zero when no weight is above zero.
    /// </summary>
    public static double[] Of(ReadOnlySpan<double> effectiveWeights)
    {
        var shares = new double[effectiveWeights.Length];
        var total = 0.0;
        foreach (var w in effectiveWeights)
        {
            total += Usable(w);
        }
        if (total <= 0)
        {
            return shares;
        }
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] = Usable(effectiveWeights[i]) / total;
        }
        return shares;
    }

    /// <summary>Expected shares of a cluster's destinations by config weight, every one healthy and warm (ramp 1).</summary>
    public static double[] Of(IReadOnlyList<DestinationConfig> destinations)
    {
        var weights = new double[destinations.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = destinations[i].Weight;
        }
        return Of(weights);
    }

    /// <summary>
    /// Fair shares: among destinations with an effective weight above zero, the declared-capacity share when every
    /// one of them declares a capacity above zero, else an equal split; 0 for the others.
    /// </summary>
    public static double[] Fair(ReadOnlySpan<double> effectiveWeights, IReadOnlyList<double?> capacities)
    {
        var fair = new double[effectiveWeights.Length];
        var count = 0;
        var capacitySum = 0.0;
        var allHaveCapacity = true;
        for (var i = 0; i < fair.Length; i++)
        {
            if (Usable(effectiveWeights[i]) <= 0)
            {
                continue;
            }
            count++;
            allHaveCapacity &= capacities[i] is > 0;
            capacitySum += capacities[i] ?? 0;
        }
        for (var i = 0; i < fair.Length && count > 0; i++)
        {
            if (Usable(effectiveWeights[i]) > 0)
            {
                fair[i] = allHaveCapacity ? capacities[i]!.Value / capacitySum : 1.0 / count;
            }
        }
        return fair;
    }

    private static double Usable(double weight) => weight > 0 && double.IsFinite(weight) ? weight : 0;
}
