namespace Fulcrum.Core.Balancing;

/// <summary>
/// Power of two choices (Azar–Broder–Karlin–Upfal; Mitzenmacher): of two distinct weighted-random candidates,
/// the one with fewer (in-flight + 1) per unit of weight wins.
/// </summary>
internal sealed class PowerOfTwoPicker(Random random) : TwoChoicesPicker(random)
{
    protected override bool PrefersFirst(WeightedSet set, int first, int second, long nowTicks) =>
        Cost(set, first, nowTicks) <= Cost(set, second, nowTicks);

    /// <summary>The +1 counts the request being placed, so with nothing in flight the heavier backend wins.</summary>
    private static double Cost(WeightedSet set, int index, long nowTicks) =>
        (set.Backends[index].InFlight + 1) / set.WeightAt(index, nowTicks);
}
