namespace Fulcrum.Core.Balancing;

/// <summary>
/// Fewest in-flight requests per unit of (ramped) weight, over every eligible backend: exact, not sampled, so
/// in-flight per unit weight stays equal across them (within one request of the heaviest). Ties are broken by a
/// weighted random draw among the tied backends, not by config order: with little concurrency almost every pick
/// is a tie at zero, and taking the first would send everything to one backend (the 2:1 leastconn split users
/// report against HAProxy, #1099). The weighted draw makes the idle case follow the weights.
/// Cost: up to <see cref="LeastRequestsBlocks.ScanLimit"/> backends, one scan and one walk through the ties;
/// above, O(√n) through cached block minima (<see cref="LeastRequestsBlocks"/>), whose upkeep is one more
/// interlocked increment per request start and end. While a backend ramps up (slow start) weights change with
/// time and nothing can be cached: picks scan every backend, O(n), for the slow-start window only.
/// A backend reports its starts and ends to the least-requests picker last updated with it (one per cluster).
/// No allocation, no lock.
/// </summary>
internal sealed class LeastRequestsPicker(Random random) : IPicker
{
    private LeastRequestsBlocks _set = new([]);

    public void Update(IReadOnlyList<Backend> eligible) => Volatile.Write(ref _set, new LeastRequestsBlocks([.. eligible]));

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
        return backends[set.BlockCount == 0 ? PickByScan(set) : PickByBlocks(set)];
    }

    private int PickByScan(LeastRequestsBlocks set)
    {
        var n = set.Backends.Length;
        var min = set.Scan(0, n);
        if (min.Tied == 1)
        {
            return min.Index;
        }
        var chosen = set.WalkTies(0, n, min.Count, min.Weight, random.NextInt64(min.TiedWeight));
        // In-flight counts move under us; if the minimum moved between the scan and the walk, keep the scan's.
        return chosen < 0 ? min.Index : chosen;
    }

    private int PickByBlocks(LeastRequestsBlocks set)
    {
        var blocks = set.BlockCount;
        Span<LeastRequestsBlocks.BlockMinimum> minima = stackalloc LeastRequestsBlocks.BlockMinimum[blocks];
        var best = minima[0] = set.MinimumOf(0);
        var bestWeight = set.WeightOf(best.Index);
        var tiedWeight = best.TiedWeight;
        for (var b = 1; b < blocks; b++)
        {
            var min = minima[b] = set.MinimumOf(b);
            var order = LeastRequestsBlocks.Compare(min.Count, set.WeightOf(min.Index), best.Count, bestWeight);
            if (order < 0)
            {
                best = min;
                bestWeight = set.WeightOf(min.Index);
                tiedWeight = min.TiedWeight;
            }
            else if (order == 0)
            {
                tiedWeight += min.TiedWeight;
            }
        }
        if (tiedWeight == bestWeight)
        {
            return best.Index;
        }
        var target = random.NextInt64(tiedWeight);
        for (var b = 0; b < blocks; b++)
        {
            var min = minima[b];
            if (LeastRequestsBlocks.Compare(min.Count, set.WeightOf(min.Index), best.Count, bestWeight) != 0)
            {
                continue;
            }
            if (target < min.TiedWeight)
            {
                if (min.TiedWeight == set.WeightOf(min.Index))
                {
                    return min.Index; // the block's only tie: no walk
                }
                var chosen = set.WalkTies(set.BlockStart(b), set.BlockEnd(b), best.Count, bestWeight, target);
                return chosen < 0 ? min.Index : chosen;
            }
            target -= min.TiedWeight;
        }
        return best.Index;
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
