namespace Fulcrum.Core.Balancing;

/// <summary>
/// An immutable snapshot of the eligible backends for the randomized pickers (random, power-of-two, peak-ewma):
/// Vose's alias table over the configured weights gives an O(1) weighted draw with one random number. While
/// any backend ramps up (slow start) the weights change with time, so draws fall back to an O(n) scan over
/// <see cref="Backend.WeightAt"/>; that lasts only for the slow-start window.
/// When every weight is zero (panic over drained destinations) all count as 1, so panic still spreads.
/// A draw is integer work on 64 random bits: the high 32 pick a column, the low 32 are compared with the column's
/// probability scaled to 2³² (bias below n / 2³², far under what any test of the weights could see).
/// </summary>
internal sealed class WeightedSet
{
    private const int RejectionAttempts = 8;

    private readonly double[] _weights;
    private readonly double[] _probability;
    private readonly ulong[] _threshold;
    private readonly int[] _alias;
    private readonly bool _allZero;
    private readonly long _rampEndTicks = long.MinValue;

    private WeightedSet(Backend[] backends)
    {
        Backends = backends;
        var n = backends.Length;
        _probability = new double[n];
        _alias = new int[n];
        var total = 0L;
        foreach (var backend in backends)
        {
            total += Math.Max(0, backend.Weight);
            _rampEndTicks = Math.Max(_rampEndTicks, backend.RampEndTicks);
        }
        _allZero = total == 0;
        _weights = [.. backends.Select(b => _allZero ? 1.0 : Math.Max(0, b.Weight))];
        BuildAlias(total);
        _threshold = [.. _probability.Select(p => p >= 1.0 ? 1UL << 32 : (ulong)(p * 4294967296.0))];
    }

    public Backend[] Backends { get; }

    public int Count => Backends.Length;

    public static WeightedSet Build(IReadOnlyList<Backend> eligible) => new([.. eligible]);

    /// <summary>The weight a draw uses for backend <paramref name="index"/> at <paramref name="nowTicks"/>.</summary>
    public double WeightAt(int index, long nowTicks) =>
        _allZero || !IsRamping(nowTicks) ? _weights[index] : Backends[index].WeightAt(nowTicks);

    /// <summary>True while some backend of the snapshot is in its slow-start window.</summary>
    public bool IsRamping(long nowTicks) => nowTicks < _rampEndTicks;

    /// <summary>Draws an index with probability proportional to its weight.</summary>
    public int Sample(Random random, long nowTicks)
    {
        if (IsRamping(nowTicks))
        {
            return ScanSample(random, nowTicks, exclude: -1);
        }
        return Draw((ulong)random.NextInt64() << 1);
    }

    /// <summary>
    /// Two distinct indices, each proportional to weight (the second among the rest), for power-of-two and
    /// peak-ewma. Outside slow start both come from one random number: the second draw's bits are a strong mix of
    /// the first's, which saves a call into <see cref="Random"/> on the hot path.
    /// </summary>
    public (int First, int Second) SamplePair(Random random, long nowTicks)
    {
        if (IsRamping(nowTicks))
        {
            var first = Sample(random, nowTicks);
            return (first, SampleOther(random, nowTicks, first));
        }
        var bits = (ulong)random.NextInt64();
        var one = Draw(bits << 1);
        if (Backends.Length == 2)
        {
            return (one, 1 - one);
        }
        for (var attempt = 1; attempt <= RejectionAttempts; attempt++)
        {
            var other = Draw(KeyHasher.Mix(bits + (ulong)attempt * 0x9E3779B97F4A7C15UL));
            if (other != one)
            {
                return (one, other);
            }
        }
        return (one, ScanSample(random, nowTicks, one));
    }

    /// <summary>The alias draw from 64 random bits (see the class remarks).</summary>
    private int Draw(ulong bits)
    {
        var column = (int)((bits >> 32) * (ulong)_threshold.Length >> 32);
        return (bits & 0xFFFF_FFFFUL) < _threshold[column] ? column : _alias[column];
    }

    /// <summary>
    /// Draws an index other than <paramref name="exclude"/>, proportional to weight among the rest. With two
    /// backends that is simply the other one, so power-of-two never compares a backend with itself.
    /// </summary>
    public int SampleOther(Random random, long nowTicks, int exclude)
    {
        var n = Backends.Length;
        if (n == 2)
        {
            return 1 - exclude;
        }
        if (!IsRamping(nowTicks))
        {
            // Rejection is exact (it conditions the draw on "not exclude") and cheap unless one backend
            // holds nearly all the weight; the bounded scan below covers that case.
            for (var attempt = 0; attempt < RejectionAttempts; attempt++)
            {
                var candidate = Sample(random, nowTicks);
                if (candidate != exclude)
                {
                    return candidate;
                }
            }
        }
        return ScanSample(random, nowTicks, exclude);
    }

    private int ScanSample(Random random, long nowTicks, int exclude)
    {
        var total = 0.0;
        for (var i = 0; i < Backends.Length; i++)
        {
            if (i != exclude)
            {
                total += WeightAt(i, nowTicks);
            }
        }
        if (total <= 0)
        {
            // Only the excluded backend has weight: any other index is as good as another.
            if (exclude < 0)
            {
                return random.Next(Backends.Length);
            }
            var any = random.Next(Backends.Length - 1);
            return any >= exclude ? any + 1 : any;
        }
        var target = random.NextDouble() * total;
        var last = -1;
        for (var i = 0; i < Backends.Length; i++)
        {
            if (i == exclude)
            {
                continue;
            }
            var weight = WeightAt(i, nowTicks);
            if (weight <= 0)
            {
                continue;
            }
            last = i;
            target -= weight;
            if (target < 0)
            {
                return i;
            }
        }
        return last;
    }

    /// <summary>Vose's alias method: each column holds its own probability and one alias.</summary>
    private void BuildAlias(long total)
    {
        var n = Backends.Length;
        if (n == 0)
        {
            return;
        }
        var scaled = new double[n];
        for (var i = 0; i < n; i++)
        {
            scaled[i] = _weights[i] * n / (_allZero ? n : total);
        }
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            (scaled[i] < 1.0 ? small : large).Push(i);
        }
        while (small.Count > 0 && large.Count > 0)
        {
            var less = small.Pop();
            var more = large.Pop();
            _probability[less] = scaled[less];
            _alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1.0;
            (scaled[more] < 1.0 ? small : large).Push(more);
        }
        // What remains is 1 up to rounding error.
        while (large.Count > 0)
        {
            var index = large.Pop();
            _probability[index] = 1.0;
            _alias[index] = index;
        }
        while (small.Count > 0)
        {
            var index = small.Pop();
            _probability[index] = 1.0;
            _alias[index] = index;
        }
    }
}
