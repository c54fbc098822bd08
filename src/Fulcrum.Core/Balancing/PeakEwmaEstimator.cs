namespace Fulcrum.Core.Balancing;

/// <summary>
/// Peak-sensitive exponentially weighted moving average of a backend's response time (the Finagle / Linkerd
/// "peak EWMA"). A sample above the current estimate replaces it at once, so a backend that slows down is
/// avoided immediately; a sample below blends in with weight 1 - exp(-Δt/τ), so recovery is believed slowly.
/// Reading decays the estimate toward zero with the same time constant, so a backend nobody has tried for a
/// while looks cheap again and gets probed instead of being shunned forever.
/// Cold start: a response to a request sent before the destination's first response came back is "cold": it
/// carries the proxy's own start on that path (JIT, first connection: 37× the service time at the load bench's
/// 10 ms scale, bench/RESULTS.md "hetero5"), not the destination's latency. Believed as a peak it would be forgotten
/// only over τ·ln(peak/typical), ~36 s, and the destinations' estimates would stay in the ratio of their first
/// accidents instead of their latencies. So cold responses only set a provisional estimate (the fastest of them),
/// the first warm response replaces it whatever its value, and a cold response that returns after that is ignored.
/// Erring low is the cheap mistake: the peak rule corrects an underestimate with the next slower response.
/// Writers serialize on a private lock (off the pick path); readers are lock-free. A reader may see the
/// estimate and its timestamp from two different writes: that only skews one pick's cost a little.
/// </summary>
public sealed class PeakEwmaEstimator
{
    /// <summary>Finagle's default decay time.</summary>
    public static readonly TimeSpan DefaultDecay = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    // 1/τ in ticks: readers multiply by it, a division less on every pick.
    private readonly double _perDecayTick;
    private long _estimateBits;
    private long _stampTicks;
    private long _samples;
    // When the first response was observed; responses to requests sent before it are cold (see the summary).
    private long _firstTicks;
    private bool _warm;

    public PeakEwmaEstimator(TimeSpan? decay = null)
    {
        var tau = decay ?? DefaultDecay;
        if (tau <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(decay), tau, "The decay time must be positive.");
        }
        _perDecayTick = 1.0 / tau.Ticks;
    }

    /// <summary>
    /// Only one thread ever calls <see cref="Observe"/> (the simulator): it skips the lock. Same arithmetic, same results.
    /// </summary>
    internal bool SingleWriter { get; init; }

    /// <summary>True once at least one response has been observed.</summary>
    public bool HasSamples => Volatile.Read(ref _samples) > 0;

    public long Samples => Volatile.Read(ref _samples);

    /// <summary>Records one response time (already penalized by the caller when it was a failure).</summary>
    public void Observe(long nowTicks, TimeSpan latency)
    {
        if (SingleWriter)
        {
            Update(nowTicks, latency, KeepAt(nowTicks));
            return;
        }
        lock (_gate)
        {
            Update(nowTicks, latency, KeepAt(nowTicks));
        }
    }

    /// <summary>
    /// <see cref="Observe"/> for a <see cref="SingleWriter"/> whose e^(−Δt/τ) the caller already has: the
    /// simulator computes it once for this and the success-rate estimator when both were last fed together.
    /// </summary>
    internal void Observe(long nowTicks, TimeSpan latency, double keep) => Update(nowTicks, latency, keep);

    /// <summary>e^(−Δt/τ), Δt from the last observation to <paramref name="nowTicks"/> (1 when not after it).</summary>
    internal double KeepAt(long nowTicks)
    {
        var elapsed = nowTicks - _stampTicks;
        return elapsed > 0 ? Math.Exp(-elapsed * _perDecayTick) : 1.0;
    }

    /// <summary>Whether <paramref name="other"/> would compute the same e^(−Δt/τ) at any time (same stamp, same τ).</summary>
    internal bool DecaysLike(SuccessRateEstimator other) =>
        other.StampTicks == _stampTicks && other.PerDecayTick == _perDecayTick;

    // One e^(-Δt/τ) serves both the decay and the blend (the simulator calls this once per request).
    private void Update(long nowTicks, TimeSpan latency, double keep)
    {
        var sample = Math.Max(0, latency.Ticks);
        var stored = BitConverter.Int64BitsToDouble(_estimateBits);
        var current = stored * keep;
        double next;
        if (_samples == 0)
        {
            _firstTicks = nowTicks;
            next = sample;
        }
        else if (nowTicks - sample < _firstTicks)
        {
            // Cold (sent before the first response returned): a provisional estimate at most, never a peak.
            if (_warm)
            {
                Volatile.Write(ref _samples, _samples + 1);
                return;
            }
            next = Math.Min(stored, sample);
        }
        else if (!_warm || sample >= current)
        {
            // The first warm response replaces the provisional one; after it, Finagle's peak rule.
            _warm = true;
            next = sample;
        }
        else
        {
            // Finagle's blend: stored·e^(-Δt/τ) + sample·(1 - e^(-Δt/τ)), i.e. the decayed estimate plus the
            // sample's share; a quick sequence of fast responses lowers the estimate only gradually.
            next = current + sample * (1 - keep);
        }
        Volatile.Write(ref _estimateBits, BitConverter.DoubleToInt64Bits(next));
        Volatile.Write(ref _stampTicks, Math.Max(nowTicks, _stampTicks));
        Volatile.Write(ref _samples, _samples + 1);
    }

    /// <summary>The estimate at <paramref name="nowTicks"/> in <see cref="TimeSpan"/> ticks; 0 without samples.</summary>
    public double EstimateTicks(long nowTicks) => DecayedTo(nowTicks);

    public TimeSpan Estimate(long nowTicks) => TimeSpan.FromTicks((long)DecayedTo(nowTicks));

    private double DecayedTo(long nowTicks)
    {
        var estimate = BitConverter.Int64BitsToDouble(Volatile.Read(ref _estimateBits));
        var elapsed = nowTicks - Volatile.Read(ref _stampTicks);
        return elapsed <= 0 ? estimate : estimate * Math.Exp(-elapsed * _perDecayTick);
    }
}
