namespace Fulcrum.Core.Simulation;

/// <summary>
/// The simulator's event queue: a 4-ary min-heap of (time, sequence, event) in one array of structs, ordered by
/// <see cref="EventKey"/>. Keys are unique (the sequence number breaks ties), so the order events leave in is
/// fully determined, whatever the heap's shape. It exists instead of <see cref="PriorityQueue{TElement, TPriority}"/>
/// because the run spends most of its time here: the key compares inline, an entry moves as one struct, and the
/// hole technique writes each moved entry once. Four children rather than two: a 1,000-destination cluster keeps
/// about 7,000 requests in flight, and half the levels means half the cache misses on the way down (the four
/// siblings share a cache line or two).
/// </summary>
internal sealed class EventHeap
{
    private Entry[] _entries = new Entry[64];
    private int _count;

    public int Count => _count;

    public void Enqueue(in SimEvent simEvent, long time, long seq)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }
        var entries = _entries;
        var hole = _count++;
        while (hole > 0)
        {
            var parent = (hole - 1) >> 2;
            if (!Less(time, seq, entries[parent]))
            {
                break;
            }
            entries[hole] = entries[parent];
            hole = parent;
        }
        entries[hole] = new Entry(time, seq, simEvent);
    }

    /// <summary>The first entry's key, without removing it.</summary>
    public bool TryPeek(out long time, out long seq)
    {
        if (_count == 0)
        {
            time = 0;
            seq = 0;
            return false;
        }
        time = _entries[0].Time;
        seq = _entries[0].Seq;
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
        var entries = _entries;
        simEvent = entries[0].Event;
        time = entries[0].Time;
        var last = entries[--_count]; // the slot it leaves keeps a stale copy: entries hold no references
        if (_count == 0)
        {
            return true;
        }
        var hole = 0;
        var count = _count;
        while (true)
        {
            var first = (hole << 2) + 1;
            if (first >= count)
            {
                break;
            }
            int child;
            if (first + 4 <= count)
            {
                // Four children, the usual case: a tournament of selects the JIT can make branch-free (which child
                // is smallest is a coin toss for the branch predictor). Keys are unique, so any way of finding the
                // minimum finds the same entry.
                var left = Before(entries, first + 1, first) ? first + 1 : first;
                var right = Before(entries, first + 3, first + 2) ? first + 3 : first + 2;
                child = Before(entries, right, left) ? right : left;
            }
            else
            {
                child = first;
                for (var c = first + 1; c < count; c++)
                {
                    if (Before(entries, c, child))
                    {
                        child = c;
                    }
                }
            }
            if (!Less(entries[child].Time, entries[child].Seq, last))
            {
                break;
            }
            entries[hole] = entries[child];
            hole = child;
        }
        entries[hole] = last;
        return true;
    }

    /// <summary>Entry <paramref name="a"/> comes before entry <paramref name="b"/>; non-short-circuit operators, no branch.</summary>
    private static bool Before(Entry[] entries, int a, int b)
    {
        ref readonly var x = ref entries[a];
        ref readonly var y = ref entries[b];
        return (x.Time < y.Time) | ((x.Time == y.Time) & (x.Seq < y.Seq));
    }

    private static bool Less(long time, long seq, in Entry other) =>
        time < other.Time || (time == other.Time && seq < other.Seq);

    private readonly record struct Entry(long Time, long Seq, SimEvent Event);
}
