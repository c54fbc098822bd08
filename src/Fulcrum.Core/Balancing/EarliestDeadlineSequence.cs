namespace Fulcrum.Core.Balancing;

/// <summary>
/// An exact weighted round-robin sequence by earliest deadline first, as Envoy schedules weighted round robin,
/// in integer arithmetic. Within one cycle of Σw picks, backend i's j-th pick (j = 0..w_i-1) has deadline
/// (j + ½)/w_i, so its picks are spread evenly through the cycle (Sainte-Laguë order); every backend gets exactly
/// w_i picks per cycle. O(log n) per pick with a heap, for weight sets whose cycle is too long to precompute.
/// Not thread-safe: callers serialize.
/// </summary>
internal sealed class EarliestDeadlineSequence
{
    private readonly long[] _weights;
    private readonly long[] _taken;
    private readonly long _cycleLength;
    private readonly PriorityQueue<int, Deadline> _queue;
    private long _picked;

    public EarliestDeadlineSequence(IReadOnlyList<long> weights)
    {
        _weights = [.. weights];
        _taken = new long[_weights.Length];
        _cycleLength = _weights.Sum();
        _queue = new PriorityQueue<int, Deadline>(_weights.Length, DeadlineComparer.Instance);
        StartCycle();
    }

    public long CycleLength => _cycleLength;

    /// <summary>The index of the next backend in the sequence.</summary>
    public int Next()
    {
        var index = _queue.Dequeue();
        var taken = ++_taken[index];
        if (taken < _weights[index])
        {
            _queue.Enqueue(index, new Deadline(2 * taken + 1, _weights[index], index));
        }
        if (++_picked == _cycleLength)
        {
            StartCycle();
        }
        return index;
    }

    private void StartCycle()
    {
        _picked = 0;
        _queue.Clear();
        for (var i = 0; i < _weights.Length; i++)
        {
            _taken[i] = 0;
            if (_weights[i] > 0)
            {
                _queue.Enqueue(i, new Deadline(1, _weights[i], i));
            }
        }
    }

    /// <summary>The deadline Numerator / (2·Weight); ties go to config order.</summary>
    private readonly record struct Deadline(long Numerator, long Weight, int Index);

    private sealed class DeadlineComparer : IComparer<Deadline>
    {
        public static readonly DeadlineComparer Instance = new();

        public int Compare(Deadline x, Deadline y)
        {
            // Numerators reach 2^32 and weights 2^31: the cross products need 128 bits.
            var order = ((Int128)x.Numerator * y.Weight).CompareTo((Int128)y.Numerator * x.Weight);
            return order != 0 ? order : x.Index.CompareTo(y.Index);
        }
    }
}
