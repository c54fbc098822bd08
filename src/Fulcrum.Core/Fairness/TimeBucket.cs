namespace Fulcrum.Core.Fairness;

/// <summary>
/// One slice of a destination's sliding window: Interlocked counters for the requests recorded while the
/// monitor's clock was in epoch <see cref="Epoch"/>, plus the in-flight and effective-weight samples taken then.
/// Buckets are reused round-robin; <see cref="WindowRing"/> claims and clears them.
/// </summary>
internal sealed class TimeBucket
{
    /// <summary>The epoch this bucket holds, <see cref="WindowRing.Resetting"/> while being cleared, -1 when never used.</summary>
    public long Epoch = -1;
    public long Requests;
    public readonly long[] ByClass = new long[CodeClasses.Count];
    public readonly long[] Latency = new long[LatencyBuckets.Count];
    /// <summary>Sum of the recorded latencies in ticks: the window's mean latency (peak-ewma's cost) needs it.</summary>
    public long LatencyTicks;
    public long InFlightSum;
    public long Samples;
    /// <summary>Sum of sampled effective weights (w·r, 0 when not eligible) in thousandths.</summary>
    public long EffectiveWeightMilliSum;

    public void Clear()
    {
        Volatile.Write(ref Requests, 0);
        Array.Clear(ByClass);
        Array.Clear(Latency);
        Volatile.Write(ref LatencyTicks, 0);
        Volatile.Write(ref InFlightSum, 0);
        Volatile.Write(ref Samples, 0);
        Volatile.Write(ref EffectiveWeightMilliSum, 0);
    }
}
