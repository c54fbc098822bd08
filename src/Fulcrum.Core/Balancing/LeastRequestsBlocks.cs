using System.Numerics;

namespace Fulcrum.Core.Balancing;

/// <summary>
/// Least-requests' snapshot of the eligible backends, and its way around scanning all of them on every pick.
/// Above <see cref="ScanLimit"/> backends, they are cut into blocks of about √n (32 at 1,000). Each block
/// caches its minimum in-flight per weight (which member, and the total weight of the members tied at it), filed
/// under the block's
/// <see cref="LoadVersion"/>, which every request start and end on a member bumps. A pick reads each block's
/// version and uses the cached minimum while the version has not moved, rescanning only blocks that changed
/// since; under load that is the one or two blocks that saw a start or an end, so a pick costs O(√n) reads
/// instead of n, and the answer is the same as a full scan's (exact, not sampled). The cached minimum carries
/// its in-flight count, so comparing blocks reads no backend.
/// Costs compare as integers (k₁·w₂ against k₂·w₁), so equal ratios always tie, with no division.
/// Blocks are used while the tie weights fit the cache word (largest weight over the weights' GCD × block size
/// below 2¹⁹, e.g. weights up to 32,767 at 1,000 destinations); otherwise every pick scans everything, as before.
/// </summary>
internal sealed class LeastRequestsBlocks
{
    /// <summary>Up to this many backends a pick scans them all: cheaper than the blocks' bookkeeping.</summary>
    internal const int ScanLimit = 32;

    private const int MinBlockSize = 16;
    private const int MaxBlockSize = 1 << LocalBits;

    /// <summary>Most blocks a pick keeps on its stack (about a million destinations).</summary>
    private const int MaxBlocks = 1024;

    // Cache word, high to low: valid bit, version, the minimum's place in its block, its in-flight count, and the
    // weight of all members tied at it. One word, so a reader never sees halves of two scans.
    private const int TiedBits = 19;
    private const int CountBits = 20;
    private const int LocalBits = 10;
    private const int VersionBits = 14;
    private const int CountShift = TiedBits;
    private const int LocalShift = CountShift + CountBits;
    private const int VersionShift = LocalShift + LocalBits;
    private const long Valid = 1L << 63;

    private readonly long[] _weights;
    private readonly int[] _versions;
    private readonly long[] _cache;
    private readonly int _shift;

    public LeastRequestsBlocks(Backend[] backends)
    {
        Backends = backends;
        Ramp = WeightedSet.Build(backends);
        _weights = ReducedWeights(backends);
        var n = backends.Length;
        // A pick goes twice over every block's cache word (minimum, then the tie draw) and walks the ties of one
        // block through its backends: blocks of about √n balance the two (32 at 1,000).
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, (int)Math.Ceiling(Math.Sqrt(n))));
        _shift = BitOperations.Log2((uint)Math.Clamp(size, MinBlockSize, MaxBlockSize));
        var blockSize = 1L << _shift;
        var blocks = (int)((n + blockSize - 1) / blockSize);
        var fits = n > ScanLimit && blocks <= MaxBlocks && _weights.Max() * blockSize < 1L << TiedBits;
        _versions = new int[fits ? blocks : 0];
        _cache = new long[_versions.Length];
        var handles = _versions.Select((_, b) => new LoadVersion(_versions, b)).ToArray();
        for (var i = 0; i < n; i++)
        {
            backends[i].LoadVersion = fits ? handles[i >> _shift] : null;
        }
    }

    public Backend[] Backends { get; }

    /// <summary>The weighted view used while some backend ramps up (weights then change with time, so nothing is cached).</summary>
    public WeightedSet Ramp { get; }

    /// <summary>0 when every pick scans all backends.</summary>
    public int BlockCount => _versions.Length;

    public long WeightOf(int index) => _weights[index];

    public int BlockStart(int block) => block << _shift;

    public int BlockEnd(int block) => Math.Min(Backends.Length, (block + 1) << _shift);

    /// <summary>A block's minimum from the cache when its version has not moved, else from a rescan (then cached).</summary>
    public BlockMinimum MinimumOf(int block)
    {
        // Version first, counts second: a count that moves after this read bumps the version past what we file.
        var version = Volatile.Read(ref _versions[block]) & ((1 << VersionBits) - 1);
        var cached = Volatile.Read(ref _cache[block]);
        var start = BlockStart(block);
        if ((cached & Valid) != 0 && (int)(cached >> VersionShift & ((1 << VersionBits) - 1)) == version)
        {
            return new BlockMinimum(
                start + (int)(cached >> LocalShift & (MaxBlockSize - 1)),
                cached >> CountShift & ((1L << CountBits) - 1),
                cached & ((1L << TiedBits) - 1));
        }
        var scan = Scan(start, BlockEnd(block));
        if (scan.Count < 1L << CountBits)
        {
            // A count too large for the word is simply not cached: that block is rescanned until it drops.
            Volatile.Write(ref _cache[block], Valid | (long)version << VersionShift | (long)(scan.Index - start) << LocalShift |
                scan.Count << CountShift | scan.TiedWeight);
        }
        return new BlockMinimum(scan.Index, scan.Count, scan.TiedWeight);
    }

    /// <summary>The fewest in-flight per weight over [start, end): first such backend and the weight of all tied at it.</summary>
    public Minimum Scan(int start, int end)
    {
        var best = start;
        var bestCount = (long)Backends[start].InFlight;
        var bestWeight = _weights[start];
        var tiedWeight = bestWeight;
        var tied = 1;
        for (var i = start + 1; i < end; i++)
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
    /// Walks [start, end) through the backends whose cost equals count/weight, spending <paramref name="target"/>
    /// by their weights; the one that exhausts it, or -1 if the counts moved and none did.
    /// </summary>
    public int WalkTies(int start, int end, long count, long weight, long target)
    {
        for (var i = start; i < end; i++)
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
    public static int Compare(long count1, long weight1, long count2, long weight2)
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

    internal readonly record struct BlockMinimum(int Index, long Count, long TiedWeight);
}
