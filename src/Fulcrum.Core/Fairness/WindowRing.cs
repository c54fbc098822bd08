namespace Fulcrum.Core.Fairness;

/// <summary>
/// A destination's sliding window as a ring of <see cref="TimeBucket"/>s, one per epoch (monotonic time divided
/// by the bucket length). Writers claim the bucket of the current epoch lock-free: the first writer of a new
/// epoch swaps the stale epoch for <see cref="Resetting"/>, clears the counters and publishes the new epoch;
/// the others spin for that short moment. A writer late enough to find a newer epoch records into it, which
/// moves at most a handful of samples by one bucket.
/// </summary>
internal sealed class WindowRing
{
    public const long Resetting = long.MinValue;

    private readonly TimeBucket[] _buckets;

    public WindowRing(int windowBuckets)
    {
        WindowBuckets = windowBuckets;
        // One spare so the bucket being claimed for the next epoch is never one a reader still sums.
        _buckets = new TimeBucket[windowBuckets + 1];
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new TimeBucket();
        }
    }

    public int WindowBuckets { get; }

    public TimeBucket Claim(long epoch)
    {
        var bucket = _buckets[(int)((ulong)epoch % (ulong)_buckets.Length)];
        var spin = default(SpinWait);
        while (true)
        {
            var seen = Volatile.Read(ref bucket.Epoch);
            if (seen == Resetting)
            {
                spin.SpinOnce();
                continue;
            }
            if (seen >= epoch)
            {
                return bucket;
            }
            if (Interlocked.CompareExchange(ref bucket.Epoch, Resetting, seen) == seen)
            {
                bucket.Clear();
                Volatile.Write(ref bucket.Epoch, epoch);
                return bucket;
            }
        }
    }

    /// <summary>Adds the buckets of the last <see cref="WindowBuckets"/> epochs up to <paramref name="currentEpoch"/>.</summary>
    public void SumInto(WindowTotals totals, long currentEpoch)
    {
        var oldest = currentEpoch - WindowBuckets + 1;
        foreach (var bucket in _buckets)
        {
            var epoch = Volatile.Read(ref bucket.Epoch);
            if (epoch >= oldest && epoch <= currentEpoch)
            {
                totals.Add(bucket, (int)(currentEpoch - epoch));
            }
        }
    }
}
