namespace Fulcrum.Core.Fairness;

/// <summary>
/// What one destination's buckets add up to over the window (read off the hot path), plus per-bucket requests and
/// sampled effective weights by age (0 = current bucket) so expected shares can follow weight changes in time.
/// </summary>
internal sealed class WindowTotals(int windowBuckets)
{
    public readonly long[] RequestsByAge = new long[windowBuckets];
    public readonly long[] WeightMilliByAge = new long[windowBuckets];
    public readonly long[] SamplesByAge = new long[windowBuckets];
    /// <summary>Latency sums by age: <see cref="CommonModeStall"/> looks for a second in which every destination slowed together.</summary>
    public readonly long[] LatencyTicksByAge = new long[windowBuckets];
    public long Requests;
    public readonly long[] ByClass = new long[CodeClasses.Count];
    public readonly long[] Latency = new long[LatencyBuckets.Count];
    public long LatencyTicks;
    public long InFlightSum;
    public long Samples;
    public long EffectiveWeightMilliSum;

    public long Failures => ByClass[(int)CodeClass.Server5xx] + ByClass[(int)CodeClass.Error];

    public void Add(TimeBucket bucket, int age)
    {
        var requests = Volatile.Read(ref bucket.Requests);
        var weightMilli = Volatile.Read(ref bucket.EffectiveWeightMilliSum);
        var samples = Volatile.Read(ref bucket.Samples);
        RequestsByAge[age] += requests;
        WeightMilliByAge[age] += weightMilli;
        SamplesByAge[age] += samples;
        Requests += requests;
        for (var i = 0; i < ByClass.Length; i++)
        {
            ByClass[i] += Volatile.Read(ref bucket.ByClass[i]);
        }
        for (var i = 0; i < Latency.Length; i++)
        {
            Latency[i] += Volatile.Read(ref bucket.Latency[i]);
        }
        var latencyTicks = Volatile.Read(ref bucket.LatencyTicks);
        LatencyTicksByAge[age] += latencyTicks;
        LatencyTicks += latencyTicks;
        InFlightSum += Volatile.Read(ref bucket.InFlightSum);
        Samples += samples;
        EffectiveWeightMilliSum += weightMilli;
    }
}
