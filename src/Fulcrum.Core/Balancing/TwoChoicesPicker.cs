namespace Fulcrum.Core.Balancing;

/// <summary>
/// The shape power-of-two and peak-ewma share: draw two DISTINCT backends by (ramped) weight and keep the better
/// one. Drawing distinct candidates matters: YARP (#2065) and Envoy (#11004) once compared a backend with itself,
/// which with two backends turns half the picks into plain random ones. Subclasses only say which one is better.
/// </summary>
internal abstract class TwoChoicesPicker(Random random) : IPicker
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
        var (first, second) = set.SamplePair(random, now);
        return PrefersFirst(set, first, second, now) ? set.Backends[first] : set.Backends[second];
    }

    /// <summary>True when candidate <paramref name="first"/> should take the request (ties included).</summary>
    protected abstract bool PrefersFirst(WeightedSet set, int first, int second, long nowTicks);
}
