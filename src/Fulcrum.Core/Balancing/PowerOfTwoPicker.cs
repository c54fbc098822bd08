namespace Fulcrum.Core.Balancing;

/// <summary>
/// Power of two choices (Azar–Broder–Karlin–Upfal; Mitzenmacher): draw two DISTINCT backends by weight and send
/// the request to the one with fewer (in-flight + 1) per unit of weight. Drawing distinct candidates matters:
/// YARP (#2065) and Envoy (#11004) once compared a backend with itself, which with two backends turns half
/// the picks into plain random ones.
/// </summary>
internal sealed class PowerOfTwoPicker(Random random) : IPicker
{
    private WeightedSet _set = WeightedSet.Build([]);

    public void Update(IReadOnlyList<Backend> eligible) => Volatile.Write(ref _set, WeightedSet.Build(eligible));

    public Backend Pick(in PickContext context)
    {
        var set = Volatile.Read(ref _set);
        if (set.Count == 1)
        {
            return set.Backends[0];
        }
        var now = context.NowTicks;
        var first = set.Sample(random, now);
        var second = set.SampleOther(random, now, first);
        return Cost(set, first, now) <= Cost(set, second, now) ? set.Backends[first] : set.Backends[second];
    }

    /// <summary>The +1 counts the request being placed, so with nothing in flight the heavier backend wins.</summary>
    private static double Cost(WeightedSet set, int index, long nowTicks) =>
        (set.Backends[index].InFlight + 1) / set.WeightAt(index, nowTicks);
}
