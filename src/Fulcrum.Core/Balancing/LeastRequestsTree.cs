using System.Numerics;

namespace Fulcrum.Core.Balancing;

/// <summary>
/// Least-requests' snapshot of the eligible backends and, above <see cref="ScanLimit"/> of them, a tournament
/// tree of their loads, so that a pick is O(log n) instead of a scan of all n (10 levels at 1,000).
/// Each node holds the least in-flight per weight under it (which backend, its count and weight) and the total
/// weight of the backends tied at that minimum. A request start or end on a member refreshes the member's leaf
/// and the nodes above it (<see cref="Leaf.Refresh"/>, called by <see cref="Backend"/> after its count moved);
/// a pick reads the root and walks down one path to the tie that a weighted draw lands on, visiting leaves in
/// index order, so the answer and the random numbers drawn are exactly those of a full scan and walk.
/// Writers serialise on a lock and bump a sequence number around their update (odd while writing); readers take
/// no lock: they retry when the sequence moved under them, and take the lock after a few tries.
/// Costs compare as integers (k₁·w₂ against k₂·w₁), so equal ratios always tie, with no division.
/// </summary>
internal sealed class LeastRequestsTree
{
    /// <summary>Up to this many backends a pick scans them all: cheaper than keeping a tree.</summary>
    internal const int ScanLimit = 32;

    private const int LockFreeTries = 4;

    private readonly long[] _weights;
    private readonly Lock _gate = new();
    private readonly int _leaves;

    // Node i's children are 2i and 2i+1; the root is 1; backend j is leaf _leaves + j (padding leaves weigh 0).
    private readonly int[] _index;
    private readonly long[] _count;
    private readonly long[] _weight;
    private readonly long[] _tied;
    private int _sequence;

    public LeastRequestsTree(Backend[] backends)
    {
        Backends = backends;
        Ramp = WeightedSet.Build(backends);
        _weights = ReducedWeights(backends);
        var n = backends.Length;
        _leaves = n > ScanLimit ? (int)BitOperations.RoundUpToPowerOf2((uint)n) : 0;
        _index = new int[2 * _leaves];
        _count = new long[2 * _leaves];
        _weight = new long[2 * _leaves];
        _tied = new long[2 * _leaves];
        if (_leaves == 0)
        {
            foreach (var backend in backends)
            {
                backend.LoadWatch = null;
            }
            return;
        }
        for (var j = 0; j < _leaves; j++)
        {
            var node = _leaves + j;
            _index[node] = Math.Min(j, n - 1);
            _count[node] = j < n ? backends[j].InFlight : 0;
            _weight[node] = j < n ? _weights[j] : 0;
            _tied[node] = _weight[node];
        }
        for (var node = _leaves - 1; node >= 1; node--)
        {
            Combine(node);
        }
        for (var j = 0; j < n; j++)
        {
            backends[j].LoadWatch = new Leaf(this, j);
        }
    }

    public Backend[] Backends { get; }

    /// <summary>The weighted view used while some backend ramps up (weights then change with time: no tree).</summary>
    public WeightedSet Ramp { get; }

    /// <summary>False when every pick scans all backends.</summary>
    public bool HasTree => _leaves > 0;

    /// <summary>
    /// The least loaded backend (weighted draw among ties) from the tree; draws a random number only when more than
    /// one backend ties, as the scan does.
    /// </summary>
    public int Pick(Random random)
    {
        for (var attempt = 0; attempt < LockFreeTries; attempt++)
        {
            var before = Volatile.Read(ref _sequence);
            if ((before & 1) != 0)
            {
                Thread.SpinWait(1);
                continue;
            }
            var chosen = Descend(random);
            if (Volatile.Read(ref _sequence) == before)
            {
                return chosen;
            }
        }
        lock (_gate)
        {
            return Descend(random);
        }
    }

    private int Descend(Random random)
    {
        var count = Volatile.Read(ref _count[1]);
        var weight = Volatile.Read(ref _weight[1]);
        var tied = Volatile.Read(ref _tied[1]);
        if (tied == weight)
        {
            return Volatile.Read(ref _index[1]); // a single least loaded backend: no draw
        }
        var target = random.NextInt64(Math.Max(1, tied));
        var node = 1;
        while (node < _leaves)
        {
            var left = 2 * node;
            if (Compare(Volatile.Read(ref _count[left]), Volatile.Read(ref _weight[left]), count, weight) == 0)
            {
                var leftTied = Volatile.Read(ref _tied[left]);
                if (target < leftTied)
                {
                    node = left;
                    continue;
                }
                target -= leftTied;
            }
            node = left + 1;
        }
        return Volatile.Read(ref _index[node]);
    }

    private void Refresh(int backend)
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _sequence);
            var node = _leaves + backend;
            // The count as it is now, not a delta: whichever refresh runs last reads the latest count.
            _count[node] = Backends[backend].InFlight;
            for (node >>= 1; node >= 1; node >>= 1)
            {
                Combine(node);
            }
            Volatile.Write(ref _sequence, _sequence + 1);
        }
    }

    private void Combine(int node)
    {
        var left = 2 * node;
        var right = left + 1;
        var order = Compare(_count[left], _weight[left], _count[right], _weight[right]);
        var from = order <= 0 ? left : right;
        Volatile.Write(ref _index[node], _index[from]);
        Volatile.Write(ref _count[node], _count[from]);
        Volatile.Write(ref _weight[node], _weight[from]);
        Volatile.Write(ref _tied[node], order == 0 ? _tied[left] + _tied[right] : _tied[from]);
    }

    /// <summary>The fewest in-flight per weight over all backends: first such backend and the weight of all tied at it.</summary>
    public Minimum Scan()
    {
        var best = 0;
        var bestCount = (long)Backends[0].InFlight;
        var bestWeight = _weights[0];
        var tiedWeight = bestWeight;
        var tied = 1;
        for (var i = 1; i < Backends.Length; i++)
        {
            var count = (long)Backends[i].InFlight;
            var weight = _weights[i];
            var order = Compare(count, weight, bestCount, bestWeight);
            if (order < 0)
            {
                (best, bestCount, bestWeight, tiedWeight, tied) = (i, count, weight, weight, 1);
            }
            else if (order == 0)
            {
                tiedWeight += weight;
                tied++;
            }
        }
        return new Minimum(best, bestCount, bestWeight, tiedWeight, tied);
    }

    /// <summary>
    /// Walks the backends whose cost equals count/weight, spending <paramref name="target"/> by their weights; the
    /// one that exhausts it, or -1 if the counts moved and none did.
    /// </summary>
    public int WalkTies(long count, long weight, long target)
    {
        for (var i = 0; i < Backends.Length; i++)
        {
            var own = _weights[i];
            if (Compare(Backends[i].InFlight, own, count, weight) == 0)
            {
                target -= own;
                if (target < 0)
                {
                    return i;
                }
            }
        }
        return -1;
    }

    /// <summary>Sign of k₁/w₁ − k₂/w₂, a weight of 0 costing more than anything.</summary>
    private static int Compare(long count1, long weight1, long count2, long weight2)
    {
        if (weight1 == 0 || weight2 == 0)
        {
            return (weight1 == 0).CompareTo(weight2 == 0);
        }
        return (count1 * weight2).CompareTo(count2 * weight1);
    }

    /// <summary>Weights over their GCD (smaller tie sums, same ratios); all ones when every weight is 0 (panic).</summary>
    private static long[] ReducedWeights(Backend[] backends)
    {
        var weights = backends.Select(b => (long)Math.Max(0, b.Weight)).ToArray();
        var gcd = weights.Aggregate(0L, (g, w) => w == 0 ? g : Gcd(g, w));
        return gcd == 0 ? [.. weights.Select(_ => 1L)] : [.. weights.Select(w => w / gcd)];
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    internal readonly record struct Minimum(int Index, long Count, long Weight, long TiedWeight, int Tied);

    /// <summary>A backend's place in the tree of the least-requests picker last updated with it.</summary>
    internal sealed class Leaf(LeastRequestsTree tree, int backend)
    {
        public void Refresh() => tree.Refresh(backend);
    }
}
