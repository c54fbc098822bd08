namespace Fulcrum.Core.Balancing;

/// <summary>
/// Fewest in-flight requests per unit of (ramped) weight, over every eligible backend. Ties are broken by a
/// weighted random draw among the tied backends, not by config order: with little concurrency almost every pick
/// is a tie at zero, and taking the first would send everything to one backend (the 2:1 leastconn split users
/// report against HAProxy, #1099). The weighted draw makes the idle case follow the weights.
/// Cost is O(n) per pick: two scans, no allocation.
/// </summary>
internal sealed class LeastRequestsPicker(Random random) : IPicker
{
    private WeightedSet _set = WeightedSet.Build([]);

    public void Update(IReadOnlyList<Backend> eligible) => Volatile.Write(ref _set, WeightedSet.Build(eligible));

    public Backend Pick(in PickContext context)
    {
        var set = Volatile.Read(ref _set);
        var backends = set.Backends;
        if (backends.Length == 1)
        {
            return backends[0];
        }
        var now = context.NowTicks;
        var best = double.PositiveInfinity;
        var tiedWeight = 0.0;
        for (var i = 0; i < backends.Length; i++)
        {
            var weight = set.WeightAt(i, now);
            var cost = Cost(backends[i].InFlight, weight);
            if (cost < best)
            {
                best = cost;
                tiedWeight = weight;
            }
            else if (cost == best)
            {
                tiedWeight += weight;
            }
        }
        var target = random.NextDouble() * tiedWeight;
        var chosen = -1;
        for (var i = 0; i < backends.Length; i++)
        {
            var weight = set.WeightAt(i, now);
            if (Cost(backends[i].InFlight, weight) != best)
            {
                continue;
            }
            chosen = i;
            target -= weight;
            if (target < 0)
            {
                break;
            }
        }
        // In-flight counts move under us; if the minimum vanished between the scans, fall back to the draw's end.
        return backends[chosen < 0 ? random.Next(backends.Length) : chosen];
    }

    private static double Cost(int inFlight, double weight) =>
        weight > 0 ? inFlight / weight : double.PositiveInfinity;
}
