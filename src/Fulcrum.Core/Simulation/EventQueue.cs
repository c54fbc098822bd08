using System.Numerics;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// The simulator's event queue: a radix heap over virtual time (Ahuja, Mehlhorn, Orlin, Tarjan 1990). It relies on
/// what a discrete-event loop guarantees: nothing is scheduled before the last event taken out. (A config can still
/// make a time wrap around: a timeout or service time near <see cref="long.MaxValue"/> ticks. The 4-ary heap this
/// replaced ordered such times as signed numbers; so does this queue, by the sign-flipped key, and an entry
/// earlier than the last one taken out re-buckets the queue around it: slow, rare, never wrong, never an exception.)
/// An entry sits in bucket b = the bit length of (its key XOR the last key taken out), so bucket 0 holds the entries
/// due exactly then and every entry of bucket b is earlier than every entry of a higher bucket. Taking out the first
/// entry of the lowest non-empty bucket b &gt; 0 makes its time the new last time and spreads the rest of bucket b
/// over lower buckets; an entry only ever moves down, at most 64 times,
/// and with the simulator's ~20 pending completions about two or three times. Insertion is a bit scan and an
/// append, no sift; removal has no sift either, and no comparison of an entry with one of another bucket.
/// <para>Order: by time, then by sequence number (keys are unique), exactly the order of a binary or 4-ary heap of
/// (time, sequence): the minimum of the lowest non-empty bucket is found by comparing both, ties at one time
/// included, so a run's results stay bit-identical.</para>
/// <para>The first entry is found (and kept) before it is taken out, so <see cref="TryPeek"/> costs nothing more:
/// the loop compares it with the pending arrival, which waits outside the queue (an arrival earlier than the first
/// entry schedules completions after its own time, which may be before the first entry's; the last time taken out
/// moves only when an entry of this queue is taken out, so that stays legal).</para>
/// </summary>
internal sealed class EventQueue
{
    // Keys are times with the sign bit flipped (unsigned order = signed order): bit lengths 0..64, 65 buckets.
    private const int BucketCount = 65;
    private const ulong SignBit = 1UL << 63;
    private const int InitialBucketLength = 8;

    private readonly Entry[][] _buckets = new Entry[BucketCount][];
    private readonly int[] _counts = new int[BucketCount];
    private ulong _nonEmpty; // bit b: bucket b (0..63) has entries; bucket 64 is known by its count
    private ulong _last = SignBit; // key of the last entry taken out (time 0 to start); every entry is at or after it
    private int _count;
    // Where the first entry is, or -1 when not known (it is found on demand).
    private int _minBucket = -1;
    private int _minIndex;

    public EventQueue()
    {
        for (var b = 0; b < BucketCount; b++)
        {
            _buckets[b] = new Entry[InitialBucketLength];
        }
    }

    public int Count => _count;

    public void Enqueue(in SimEvent simEvent, long time, long seq)
    {
        if (Key(time) < _last)
        {
            Rebase(Key(time));
        }
        var b = BucketOf(time);
        var index = Append(b, new Entry(time, seq, simEvent));
        _count++;
        if (_minBucket >= 0 && Before(time, seq, _buckets[_minBucket][_minIndex]))
        {
            _minBucket = b;
            _minIndex = index;
        }
    }

    /// <summary>The first entry's key, without taking it out.</summary>
    public bool TryPeek(out long time, out long seq)
    {
        if (_count == 0)
        {
            time = 0;
            seq = 0;
            return false;
        }
        ref readonly var first = ref First();
        time = first.Time;
        seq = first.Seq;
        return true;
    }

    public bool TryDequeue(out SimEvent simEvent, out long time)
    {
        if (_count == 0)
        {
            simEvent = default;
            time = 0;
            return false;
        }
        ref readonly var first = ref First();
        simEvent = first.Event;
        time = first.Time;
        var b = _minBucket;
        var taken = _minIndex;
        _count--;
        _minBucket = -1;
        if (b == 0)
        {
            RemoveAt(0, taken); // a tie at the last time: no other entry's bucket changes
            return true;
        }
        Redistribute(b, taken, time);
        return true;
    }

    /// <summary>
    /// Empties bucket <paramref name="b"/> but for entry <paramref name="taken"/> (its first, now taken out) into the
    /// buckets below it, relative to the new last time; on the way it finds the next first entry: everything that
    /// was in bucket b comes before everything in the buckets above.
    /// </summary>
    private void Redistribute(int b, int taken, long time)
    {
        _last = Key(time);
        var entries = _buckets[b];
        var count = _counts[b];
        _counts[b] = 0;
        _nonEmpty &= ~Bit(b);
        // The next first entry's key in locals: no reload through two arrays per entry moved.
        var minTime = long.MaxValue;
        var minSeq = long.MaxValue;
        for (var i = 0; i < count; i++)
        {
            if (i == taken)
            {
                continue;
            }
            ref readonly var entry = ref entries[i];
            var to = BucketOf(entry.Time);
            var index = Append(to, entry);
            if (entry.Time < minTime || (entry.Time == minTime && entry.Seq < minSeq))
            {
                minTime = entry.Time;
                minSeq = entry.Seq;
                _minBucket = to;
                _minIndex = index;
            }
        }
    }

    private ref readonly Entry First()
    {
        if (_minBucket < 0)
        {
            FindFirst();
        }
        return ref _buckets[_minBucket][_minIndex];
    }

    /// <summary>The minimum of the lowest non-empty bucket, by time then sequence number.</summary>
    private void FindFirst()
    {
        var b = _nonEmpty != 0 ? BitOperations.TrailingZeroCount(_nonEmpty) : BucketCount - 1;
        var entries = _buckets[b];
        var best = 0;
        for (var i = 1; i < _counts[b]; i++)
        {
            if (Before(entries[i].Time, entries[i].Seq, entries[best]))
            {
                best = i;
            }
        }
        _minBucket = b;
        _minIndex = best;
    }

    private int BucketOf(long time) => 64 - BitOperations.LeadingZeroCount(Key(time) ^ _last);

    private static ulong Key(long time) => (ulong)time ^ SignBit;

    // The mask's bit of bucket b; none for bucket 64 (only a wrapped-around time lands there): it is the last resort.
    private static ulong Bit(int b) => b < 64 ? 1UL << b : 0;

    /// <summary>
    /// An entry earlier than the last one taken out (a time that wrapped around): every entry is re-bucketed
    /// relative to it, so the queue's invariant holds again. O(n), and only for such configs.
    /// </summary>
    private void Rebase(ulong key)
    {
        var all = new List<Entry>(_count);
        for (var b = 0; b < BucketCount; b++)
        {
            all.AddRange(_buckets[b].AsSpan(0, _counts[b]));
            _counts[b] = 0;
        }
        _nonEmpty = 0;
        _last = key;
        _minBucket = -1;
        foreach (var entry in all)
        {
            Append(BucketOf(entry.Time), entry);
        }
    }

    private int Append(int b, in Entry entry)
    {
        var index = _counts[b];
        var entries = _buckets[b];
        if (index == entries.Length)
        {
            Array.Resize(ref _buckets[b], entries.Length * 2);
            entries = _buckets[b];
        }
        entries[index] = entry;
        _counts[b] = index + 1;
        _nonEmpty |= Bit(b);
        return index;
    }

    private void RemoveAt(int b, int index)
    {
        var last = --_counts[b];
        var entries = _buckets[b];
        entries[index] = entries[last]; // order within a bucket does not matter: the first is found by key
        if (last == 0)
        {
            _nonEmpty &= ~Bit(b);
        }
    }

    private static bool Before(long time, long seq, in Entry other) =>
        time < other.Time || (time == other.Time && seq < other.Seq);

    private readonly record struct Entry(long Time, long Seq, SimEvent Event);
}
