using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Fairness;

/// <summary>
/// Everything recorded about one destination: its sliding window (<see cref="WindowRing"/>) and cumulative
/// totals for Prometheus. Survives reloads as long as the destination keeps its name.
/// </summary>
internal sealed class DestinationRecorder
{
    private readonly long[] _totalByClass = new long[CodeClasses.Count];
    private readonly long[] _totalLatency = new long[LatencyBuckets.Count];
    private long _totalLatencyTicks;
    private Backend _backend;
    private WindowRing _ring;

    public DestinationRecorder(Backend backend, int windowBuckets)
    {
        _backend = backend;
        _ring = new WindowRing(windowBuckets);
    }

    public string Name => Backend.Name;

    public Backend Backend
    {
        get => Volatile.Read(ref _backend);
        set => Volatile.Write(ref _backend, value);
    }

    /// <summary>Hot path: five Interlocked increments and two adds, no allocation.</summary>
    public void Record(long epoch, CodeClass codeClass, long latencyTicks)
    {
        var latencyBucket = LatencyBuckets.IndexOf(latencyTicks);
        var bucket = Volatile.Read(ref _ring).Claim(epoch);
        Interlocked.Increment(ref bucket.Requests);
        Interlocked.Increment(ref bucket.ByClass[(int)codeClass]);
        Interlocked.Increment(ref bucket.Latency[latencyBucket]);
        Interlocked.Add(ref bucket.LatencyTicks, latencyTicks);
        Interlocked.Increment(ref _totalByClass[(int)codeClass]);
        Interlocked.Increment(ref _totalLatency[latencyBucket]);
        Interlocked.Add(ref _totalLatencyTicks, latencyTicks);
    }

    /// <summary>Records the destination's in-flight count and effective weight (w·r, 0 when not eligible) now.</summary>
    public void Sample(long epoch, int inFlight, double effectiveWeight)
    {
        var bucket = Volatile.Read(ref _ring).Claim(epoch);
        Interlocked.Add(ref bucket.InFlightSum, inFlight);
        Interlocked.Add(ref bucket.EffectiveWeightMilliSum, (long)Math.Round(effectiveWeight * 1000));
        Interlocked.Increment(ref bucket.Samples);
    }

    public WindowTotals Window(long currentEpoch)
    {
        var ring = Volatile.Read(ref _ring);
        var totals = new WindowTotals(ring.WindowBuckets);
        ring.SumInto(totals, currentEpoch);
        return totals;
    }

    /// <summary>Starts an empty window (the window length changed); cumulative totals are kept.</summary>
    public void ResetWindow(int windowBuckets) => Volatile.Write(ref _ring, new WindowRing(windowBuckets));

    public DestinationTotals Totals(string cluster) => new(
        cluster,
        Name,
        _totalByClass.ToArray(),
        _totalLatency.ToArray(),
        (double)Volatile.Read(ref _totalLatencyTicks) / TimeSpan.TicksPerSecond);
}
