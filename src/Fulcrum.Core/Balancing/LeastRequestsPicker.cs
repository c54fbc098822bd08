namespace Fulcrum.Core.Balancing;

/// <summary>
/// Fewest in-flight requests per unit of (ramped) weight, over every eligible backend: exact, not sampled, so
/// in-flight per unit weight stays equal across them (within one request of the heaviest). Ties are broken by a
/// weighted random draw among the tied backends, not by config order: with little concurrency almost every pick
/// is a tie at zero, and taking the first would send everything to one backend (the 2:1 leastconn split users
/// report against HAProxy, #1099). The weighted draw makes the idle case follow the weights.
/// Cost: up to <see cref="LeastRequestsTree.ScanLimit"/> backends, one scan and one walk through the ties;
/// above, O(log n) down a tournament tree of the loads (<see cref="LeastRequestsTree"/>), whose upkeep is an
/// O(log n) refresh under a lock per request start and end. While a backend ramps up (slow start) weights change with
/// time and nothing can be cached: picks scan every backend, O(n), for the slow-start window only.
/// A backend reports its starts and ends to the least-requests picker last updated with it (one per cluster).
/// No allocation, no lock.
/// </summary>
internal sealed class LeastRequestsPicker(Random random) : IPicker
{
    private LeastRequestsTree _set = new([]);

    public void Update(IReadOnlyList<Backend> eligible) => Volatile.Write(ref _set, new LeastRequestsTree([.. eligible]));

    public Backend Pick(in PickContext context)
    {
        var set = Volatile.Read(ref _set);
        var backends = set.Backends;
        if (backends.Length == 1)
        {
            return backends[0];
        }
        if (set.Ramp.IsRamping(context.NowTicks))
        {
            return backends[PickRamping(set.Ramp, context.NowTicks)];
        }
        return backends[set.HasTree ? set.Pick(random) : PickByScan(set)];
    }

    private int PickByScan(LeastRequestsTree set)
    {
        var min = set.Scan();
        if (min.Tied == 1)
        {
            return min.Index;
        }
        var chosen = set.WalkTies(min.Count, min.Weight, random.NextInt64(min.TiedWeight));
        // In-flight counts move under us; if the minimum moved between the scan and the walk, keep the scan's.
        return chosen < 0 ? min.Index : chosen;
    }

    /// <summary>The slow-start path: ramped weights are fractional and move with time, so costs are divided out.</summary>
    private int PickRamping(WeightedSet set, long now)
    {
        var backends = set.Backends;
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
        return chosen < 0 ? random.Next(backends.Length) : chosen;
    }

    private static double Cost(int inFlight, double weight) =>
        weight > 0 ? inFlight / weight : double.PositiveInfinity;
}
