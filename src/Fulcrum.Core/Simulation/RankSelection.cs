namespace Fulcrum.Core.Simulation;

/// <summary>
/// Exact order statistics of latency samples spread over several arrays, without moving or copying them all: a
/// histogram of one pass finds the bucket each wanted rank falls in, a second pass gathers only those buckets'
/// samples, and the same is done again on what was gathered until it is small or all equal. Answers are exactly
/// those of sorting everything (values of given ranks do not depend on how they are found). It replaced a
/// quickselect over a concatenated copy of every destination's samples (an 8 MB copy per million requests, and
/// swaps over the whole set for each rank) and leaves the samples in recording order.
/// </summary>
internal static class RankSelection
{
    // 4,096 counters (16 KB) stay in the L1 cache while the samples stream past; a bucket of a million latencies
    // then holds a few hundred, so one refinement is usually all it takes.
    private const int BucketBits = 12;
    private const int Buckets = 1 << BucketBits;

    // Below this many samples, sorting a copy is cheaper than two more passes.
    private const int SortBelow = 256;

    /// <summary>
    /// Sets <paramref name="values"/>[i] to the sample of rank <paramref name="ranks"/>[i] (0-based, in ascending
    /// order) among the first <c>counts[j]</c> samples of each <c>parts[j]</c>. Every rank must be below the total.
    /// </summary>
    public static void Select(IReadOnlyList<long[]> parts, IReadOnlyList<int> counts, ReadOnlySpan<int> ranks, Span<long> values)
    {
        long total = 0;
        var min = long.MaxValue;
        var max = long.MinValue;
        for (var p = 0; p < parts.Count; p++)
        {
            var span = parts[p].AsSpan(0, counts[p]);
            total += span.Length;
            foreach (var value in span)
            {
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }
        }
        if (min == max)
        {
            values.Fill(min);
            return;
        }
        if (total <= SortBelow)
        {
            var all = new long[total];
            var at = 0;
            for (var p = 0; p < parts.Count; p++)
            {
                parts[p].AsSpan(0, counts[p]).CopyTo(all.AsSpan(at));
                at += counts[p];
            }
            Array.Sort(all);
            for (var i = 0; i < ranks.Length; i++)
            {
                values[i] = all[ranks[i]];
            }
            return;
        }
        var shift = 0;
        while ((unchecked((ulong)(max - min)) >> shift) >= Buckets)
        {
            shift++;
        }
        var histogram = new int[Buckets];
        for (var p = 0; p < parts.Count; p++)
        {
            foreach (var value in parts[p].AsSpan(0, counts[p]))
            {
                histogram[(int)(unchecked((ulong)(value - min)) >> shift)]++;
            }
        }
        // Each rank's bucket and its rank among that bucket's samples.
        Span<int> bucketOf = ranks.Length <= 16 ? stackalloc int[ranks.Length] : new int[ranks.Length];
        Span<int> rankIn = ranks.Length <= 16 ? stackalloc int[ranks.Length] : new int[ranks.Length];
        for (var i = 0; i < ranks.Length; i++)
        {
            var below = 0;
            var bucket = 0;
            while (below + histogram[bucket] <= ranks[i])
            {
                below += histogram[bucket++];
            }
            bucketOf[i] = bucket;
            rankIn[i] = ranks[i] - below;
        }
        // Gather the samples of every wanted bucket in one pass; the histogram array becomes a bucket → slot map.
        var slots = new List<long[]>();
        var filled = new List<int>();
        var slotOf = histogram;
        var sizes = new int[ranks.Length];
        for (var i = 0; i < ranks.Length; i++)
        {
            sizes[i] = histogram[bucketOf[i]];
        }
        Array.Fill(slotOf, -1);
        for (var i = 0; i < ranks.Length; i++)
        {
            if (slotOf[bucketOf[i]] < 0)
            {
                slotOf[bucketOf[i]] = slots.Count;
                slots.Add(new long[sizes[i]]);
                filled.Add(0);
            }
        }
        var fill = filled.ToArray();
        var gathered = slots.ToArray();
        for (var p = 0; p < parts.Count; p++)
        {
            foreach (var value in parts[p].AsSpan(0, counts[p]))
            {
                var slot = slotOf[(int)(unchecked((ulong)(value - min)) >> shift)];
                if (slot >= 0)
                {
                    gathered[slot][fill[slot]++] = value;
                }
            }
        }
        Span<long> one = stackalloc long[1];
        for (var i = 0; i < ranks.Length; i++)
        {
            var slot = slotOf[bucketOf[i]];
            Select([gathered[slot]], [gathered[slot].Length], [rankIn[i]], one);
            values[i] = one[0];
        }
    }
}
