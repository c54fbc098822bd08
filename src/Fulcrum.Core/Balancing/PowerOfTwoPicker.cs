namespace Fulcrum.Core.Balancing;

/// <summary>
/// Power of two choices (Azar–Broder–Karlin–Upfal; Mitzenmacher): of two distinct weighted-random candidates,
/// the one with fewer (in-flight + 1) per unit of weight wins.
/// </summary>
internal sealed class PowerOfTwoPicker(Random random) : TwoChoicesPicker(random)
{
    /// <summary>
    /// (k₁ + 1) / w₁ ≤ (k₂ + 1) / w₂, multiplied out: no division on the hot path, exact for integer weights, and a
    /// weight of 0 still loses (it reads as an infinite cost). The +1 counts the request being placed, so with
    /// nothing in flight the heavier backend wins.
    /// </summary>
    protected override bool PrefersFirst(WeightedSet set, int first, int second, long nowTicks) =>
        (set.Backends[first].InFlight + 1.0) * set.WeightAt(second, nowTicks) <=
        (set.Backends[second].InFlight + 1.0) * set.WeightAt(first, nowTicks);
}
