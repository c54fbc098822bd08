namespace Fulcrum.Core.Fairness;

/// <summary>
/// The fixed log-linear latency buckets every histogram in the monitor shares: per decade the steps
/// 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 from 0.1 ms to 100 s, then an overflow bucket. The steps include
/// 1, 2.5 and 5 of every decade, so Prometheus' default buckets (5 ms … 10 s) are exact sub-sets, and a
/// bucket is at most a third wider than the one below it, which bounds the error of a p99 estimate.
/// </summary>
public static class LatencyBuckets
{
    private static readonly double[] DecadeSteps = [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5];

    private static readonly long[] UpperTicks = BuildUpperTicks();

    /// <summary>Bucket count including the overflow bucket (latencies above the last bound).</summary>
    public static int Count { get; } = UpperTicks.Length + 1;

    /// <summary>Upper bounds in seconds of every bucket but the overflow one (Prometheus <c>le</c> labels).</summary>
    public static IReadOnlyList<double> UpperBoundsSeconds { get; } =
        UpperTicks.Select(t => (double)t / TimeSpan.TicksPerSecond).ToArray();

    /// <summary>The bucket a latency falls in: the first whose upper bound is at or above it. Hot path.</summary>
    public static int IndexOf(long latencyTicks)
    {
        var bounds = UpperTicks;
        int low = 0, high = bounds.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (bounds[mid] < latencyTicks)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    /// <summary>
    /// Estimates the <paramref name="quantile"/> (0..1) of the counts by linear interpolation inside the bucket
    /// it falls in. Null when there are no counts. The overflow bucket reports the last bound.
    /// </summary>
    public static TimeSpan? Quantile(ReadOnlySpan<long> counts, double quantile)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }
        if (total == 0)
        {
            return null;
        }
        var rank = Math.Clamp(quantile, 0, 1) * total;
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0 || seen + counts[i] < rank)
            {
                seen += counts[i];
                continue;
            }
            if (i >= UpperTicks.Length)
            {
                return TimeSpan.FromTicks(UpperTicks[^1]);
            }
            var lower = i == 0 ? 0 : UpperTicks[i - 1];
            var fraction = (rank - seen) / counts[i];
            return TimeSpan.FromTicks(lower + (long)((UpperTicks[i] - lower) * fraction));
        }
        return TimeSpan.FromTicks(UpperTicks[^1]);
    }

    private static long[] BuildUpperTicks()
    {
        var bounds = new List<long>();
        // 1e-4 s = 1 000 ticks; six decades up to 7.5 s … 75 s, then 100 s closes the range.
        for (long decade = 1_000; decade <= 100_000_000; decade *= 10)
        {
            foreach (var step in DecadeSteps)
            {
                bounds.Add((long)Math.Round(decade * step));
            }
        }
        bounds.Add(1_000_000_000);
        return bounds.ToArray();
    }
}
