namespace Fulcrum.Core.Balancing;

/// <summary>
/// A backend's recent success ratio, for peak-ewma's cost (see <see cref="PeakEwmaPicker"/>): an exponentially
/// weighted moving average of failures (1) and successes (0), read as 1 − failure ratio.
/// Each outcome weighs max(<see cref="MinimumWeight"/>, 1 − e^(−Δt/τ)), Δt being the time since the previous one:
/// under heavy traffic the ratio follows the last few dozen requests, so a backend that starts failing is
/// noticed within milliseconds rather than τ; after a quiet spell one outcome says a lot, as it should. A new
/// backend starts at a ratio of 1, and its first outcome weighs <see cref="MinimumWeight"/>: one early 500 is
/// not a verdict.
/// Reading decays the failure ratio toward zero with the same τ, so a backend shunned for failing is probed
/// again after a while instead of being written off forever (a soft ejection that lifts itself).
/// Writers serialize on a private lock (off the pick path); readers are lock-free. A reader may see the ratio
/// and its timestamp from two different writes: that only skews one pick's cost a little.
/// </summary>
public sealed class SuccessRateEstimator
{
    /// <summary>The same decay time as the latency estimate, so both recover from a bad spell together.</summary>
    public static readonly TimeSpan DefaultDecay = PeakEwmaEstimator.DefaultDecay;

    /// <summary>Weight of one outcome under heavy traffic: a memory of about 1 / 0.05 = 20 requests.</summary>
    public const double MinimumWeight = 0.05;

    private readonly Lock _gate = new();
    // 1/τ in ticks: readers multiply by it, a division less on every pick.
    private readonly double _perDecayTick;
    private long _failureBits;
    private long _stampTicks;
    private bool _observed;

    public SuccessRateEstimator(TimeSpan? decay = null)
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

    /// <summary>Records one outcome: <paramref name="failure"/> is the driver's verdict (5xx or transport error).</summary>
    public void Observe(long nowTicks, bool failure)
    {
        if (SingleWriter)
        {
            Update(failure, nowTicks, KeepAt(nowTicks));
            return;
        }
        lock (_gate)
        {
            Update(failure, nowTicks, KeepAt(nowTicks));
        }
    }

    /// <summary><see cref="Observe"/> for a <see cref="SingleWriter"/> given e^(−Δt/τ) (see <see cref="PeakEwmaEstimator.DecaysLike"/>).</summary>
    internal void Observe(long nowTicks, bool failure, double keep) => Update(failure, nowTicks, keep);

    internal long StampTicks => _stampTicks;

    internal double PerDecayTick => _perDecayTick;

    // e^(-Δt/τ) since the last outcome, Δt at least 0; the same number the latency estimate computes.
    private double KeepAt(long nowTicks) => Math.Exp(-Math.Max(0, nowTicks - _stampTicks) * _perDecayTick);

    private void Update(bool failure, long nowTicks, double keep)
    {
        var sample = failure ? 1.0 : 0.0;
        // Blend with the stored ratio, not the read-decayed one: the decay is how a quiet backend earns a
        // probe, not evidence of success, and blending with it would bias the ratio low at low traffic.
        var stored = BitConverter.Int64BitsToDouble(_failureBits);
        var weight = _observed ? Math.Max(MinimumWeight, 1 - keep) : MinimumWeight;
        var next = stored + weight * (sample - stored);
        Volatile.Write(ref _failureBits, BitConverter.DoubleToInt64Bits(next));
        Volatile.Write(ref _stampTicks, Math.Max(nowTicks, _stampTicks));
        _observed = true;
    }

    /// <summary>The success ratio at <paramref name="nowTicks"/>, in [0, 1]; 1 before any outcome.</summary>
    public double At(long nowTicks) => 1.0 - FailureRatioAt(nowTicks);

    private double FailureRatioAt(long nowTicks)
    {
        var failures = BitConverter.Int64BitsToDouble(Volatile.Read(ref _failureBits));
        if (failures <= 0)
        {
            return 0;
        }
        var elapsed = nowTicks - Volatile.Read(ref _stampTicks);
        return elapsed <= 0 ? failures : failures * Math.Exp(-elapsed * _perDecayTick);
    }
}
