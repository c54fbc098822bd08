namespace Fulcrum.Core.Balancing;

/// <summary>
/// The fast-error penalty for latency-driven balancing (sinkholing, Google SRE book ch. 20; Linkerd's fast
/// 429/503s under EWMA): a backend that fails in 1 ms must not look faster than healthy ones taking 50 ms.
/// Choice: a failure counts as a response time of max(observed, <see cref="Factor"/> × the cluster's typical
/// successful response time), the typical time being a plain EWMA over every success in the cluster. Until a
/// success has been seen there is nothing to compare with, so a fixed <see cref="Floor"/> stands in.
/// Relative rather than fixed, so it means the same for a 1 ms cache and a 2 s report service.
/// Lock-free: one compare-and-swap per success.
/// </summary>
internal sealed class FailurePenalty
{
    public const double Factor = 5.0;

    /// <summary>Weight of one success in the typical response time.</summary>
    public const double Smoothing = 0.05;

    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(100);

    private long _typicalBits;

    /// <summary>Only one thread ever records (the simulator): a plain write instead of the compare-and-swap loop.</summary>
    public bool SingleWriter { get; init; }

    /// <summary>The cluster's typical successful response time; zero before the first success.</summary>
    public TimeSpan Typical => TimeSpan.FromTicks((long)BitConverter.Int64BitsToDouble(Volatile.Read(ref _typicalBits)));

    /// <summary>The response time to feed the estimator for this outcome.</summary>
    public TimeSpan Apply(TimeSpan latency, bool failure)
    {
        if (!failure)
        {
            RecordSuccess(latency);
            return latency;
        }
        var typical = BitConverter.Int64BitsToDouble(Volatile.Read(ref _typicalBits));
        var penalty = typical > 0 ? TimeSpan.FromTicks((long)(typical * Factor)) : Floor;
        return latency > penalty ? latency : penalty;
    }

    private void RecordSuccess(TimeSpan latency)
    {
        var sample = (double)Math.Max(0, latency.Ticks);
        if (SingleWriter)
        {
            var typical = BitConverter.Int64BitsToDouble(_typicalBits);
            Volatile.Write(ref _typicalBits, BitConverter.DoubleToInt64Bits(typical > 0 ? typical + Smoothing * (sample - typical) : sample));
            return;
        }
        while (true)
        {
            var seen = Volatile.Read(ref _typicalBits);
            var typical = BitConverter.Int64BitsToDouble(seen);
            var next = typical > 0 ? typical + Smoothing * (sample - typical) : sample;
            if (next == typical || Interlocked.CompareExchange(ref _typicalBits, BitConverter.DoubleToInt64Bits(next), seen) == seen)
            {
                return;
            }
        }
    }
}
