namespace Fulcrum.Core.Balancing;

/// <summary>
/// The shape power-of-two and peak-ewma share: draw DISTINCT backends by (ramped) weight and keep the best one.
/// Drawing distinct candidates matters: YARP (#2065) and Envoy (#11004) once compared a backend with itself,
/// which with two backends turns half the picks into plain random ones. Subclasses only say which one is better.
/// Two candidates by default; with <c>choices</c> k &gt; 2 (peak-ewma's option) k distinct ones are drawn and the
/// best of them wins, a knock-out of pairwise comparisons; when k is at least the number of backends every backend
/// is compared (in index order, no draw), which makes the pick exact.
/// </summary>
internal abstract class TwoChoicesPicker(Random random, int choices = 2) : IPicker
{
    /// <summary>Extra draws for a candidate that is not yet among the chosen, before taking any other one.</summary>
    private const int DistinctAttempts = 8;

    private readonly int _choices = Math.Clamp(choices, 2, Config.PeakEwmaConfig.MaxChoices);
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
        if (_choices > 2 && set.Count > 2)
        {
            return set.Backends[set.Count <= _choices ? BestOfAll(set, now) : BestOfDrawn(set, now)];
        }
        var (first, second) = set.SamplePair(random, now);
        return PrefersFirst(set, first, second, now) ? set.Backends[first] : set.Backends[second];
    }

    /// <summary>True when candidate <paramref name="first"/> should take the request (ties included).</summary>
    protected abstract bool PrefersFirst(WeightedSet set, int first, int second, long nowTicks);

    private int BestOfAll(WeightedSet set, long now)
    {
        var best = 0;
        for (var i = 1; i < set.Count; i++)
        {
            if (!PrefersFirst(set, best, i, now))
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>k distinct candidates by weight (k ≤ 16, so the chosen fit on the stack): no allocation.</summary>
    private int BestOfDrawn(WeightedSet set, long now)
    {
        Span<int> chosen = stackalloc int[_choices];
        var (first, second) = set.SamplePair(random, now);
        chosen[0] = first;
        chosen[1] = second;
        var best = PrefersFirst(set, first, second, now) ? first : second;
        for (var k = 2; k < _choices; k++)
        {
            var candidate = DrawOther(set, now, chosen[..k]);
            chosen[k] = candidate;
            if (!PrefersFirst(set, best, candidate, now))
            {
                best = candidate;
            }
        }
        return best;
    }

    /// <summary>A weighted draw not among <paramref name="chosen"/>; after a few misses, the next index not chosen.</summary>
    private int DrawOther(WeightedSet set, long now, ReadOnlySpan<int> chosen)
    {
        var candidate = set.Sample(random, now);
        for (var attempt = 0; attempt < DistinctAttempts && chosen.Contains(candidate); attempt++)
        {
            candidate = set.Sample(random, now);
        }
        while (chosen.Contains(candidate))
        {
            candidate = (candidate + 1) % set.Count;
        }
        return candidate;
    }
}
