namespace Fulcrum.Core.Simulation;

/// <summary>
/// Every latency recorded, in ticks, for exact percentiles (8 bytes a request: 1 M requests cost 8 MB).
/// Adding is amortized O(1) with no allocation per sample. Percentiles are found by <see cref="RankSelection"/>
/// (histogram passes, no sort, no copy of the samples), several ranks at once, and for the whole cluster over
/// every destination's samples in place.
/// </summary>
internal sealed class LatencySamples
{
    private const int MinCapacity = 1024;
    // A known expectation may size it smaller than MinCapacity: at 1,000 destinations, 1,024 samples each were 8 MB
    // zeroed (and page-faulted in) per run for a run answering about 100 requests per destination.
    private const int MinExpectedCapacity = 16;
    private const int MaxInitialCapacity = 1 << 24;

    // Samples per 4 KiB page, and how far ahead of the last sample a helper thread maps the pages in (see Prefault).
    private const int PageSamples = 4096 / sizeof(long);
    private const int PrefaultAhead = 64 * PageSamples;

    private long[] _ticks;
    private long[]? _prefaulted;
    private int _prefaultedTo;

    /// <summary>Room for <paramref name="expected"/> samples up front (bounded), so a run does not copy its samples while growing.</summary>
    public LatencySamples(long expected = MinCapacity) =>
        _ticks = new long[Math.Clamp(expected, MinExpectedCapacity, MaxInitialCapacity)];

    private int _count;

    public int Count => _count;

    public void Add(long ticks)
    {
        if (_count == _ticks.Length)
        {
            Array.Resize(ref _ticks, _ticks.Length * 2);
        }
        _ticks[_count++] = ticks;
    }

    /// <summary>
    /// Maps in the pages of the next samples before <see cref="Add"/> writes them, from another thread (the run's
    /// <see cref="DrawAhead"/> thread): a fresh array's first write to each page is a page fault, which otherwise
    /// costs the event loop about a tenth of its time. Each page is touched by an atomic compare-exchange of 0 with 0,
    /// which leaves any sample already written there as it is, so it may race with <see cref="Add"/>.
    /// </summary>
    internal void Prefault()
    {
        var ticks = Volatile.Read(ref _ticks);
        if (!ReferenceEquals(ticks, _prefaulted))
        {
            _prefaulted = ticks; // grown (copied): the new array's pages from the copied part on
            _prefaultedTo = Volatile.Read(ref _count);
        }
        var end = Math.Min(ticks.Length, Volatile.Read(ref _count) + PrefaultAhead);
        for (var i = _prefaultedTo; i < end; i += PageSamples)
        {
            Interlocked.CompareExchange(ref ticks[i], 0, 0);
        }
        _prefaultedTo = Math.Max(_prefaultedTo, end);
    }

    /// <summary>Nearest-rank percentiles (each quantile in (0, 1]) of all samples of <paramref name="parts"/> together; zeros when empty.</summary>
    public static TimeSpan[] Percentiles(IReadOnlyList<LatencySamples> parts, ReadOnlySpan<double> quantiles)
    {
        var result = new TimeSpan[quantiles.Length];
        var count = 0;
        foreach (var part in parts)
        {
            count += part.Count;
        }
        if (count == 0)
        {
            return result;
        }
        Span<int> ranks = stackalloc int[quantiles.Length];
        for (var i = 0; i < quantiles.Length; i++)
        {
            ranks[i] = Math.Clamp((int)Math.Ceiling(quantiles[i] * count) - 1, 0, count - 1);
        }
        Span<long> values = stackalloc long[quantiles.Length];
        RankSelection.Select([.. parts.Select(p => p._ticks)], [.. parts.Select(p => p.Count)], ranks, values);
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = TimeSpan.FromTicks(values[i]);
        }
        return result;
    }

    /// <summary>How many samples of <paramref name="parts"/> are at or above <paramref name="ticks"/>.</summary>
    public static long CountAtLeast(IReadOnlyList<LatencySamples> parts, long ticks)
    {
        long count = 0;
        foreach (var part in parts)
        {
            foreach (var value in part._ticks.AsSpan(0, part.Count))
            {
                count += value >= ticks ? 1 : 0;
            }
        }
        return count;
    }

    public TimeSpan Mean()
    {
        if (Count == 0)
        {
            return TimeSpan.Zero;
        }
        var sum = 0.0;
        for (var i = 0; i < Count; i++)
        {
            sum += _ticks[i];
        }
        return TimeSpan.FromTicks((long)(sum / Count));
    }
}
