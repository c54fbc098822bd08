namespace Fulcrum.Receivers;

/// <summary>
/// How the dispatcher retries a failed delivery: at most <see cref="MaxAttempts"/> attempts, waiting
/// <c>min(MaxDelay, BaseDelay · 2^(n-1))</c> after the n-th failure, shortened by a random part of up to
/// <see cref="JitterFraction"/> so that many alerts failing together do not retry in lockstep.
/// </summary>
internal sealed record RetryPolicy
{
    public RetryPolicy(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double jitterFraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitterFraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jitterFraction, 1);
        MaxAttempts = maxAttempts;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        JitterFraction = jitterFraction;
    }

    /// <summary>5 attempts over about 15 s (1, 2, 4, 8 s less jitter): rides out a receiver restart, gives up before the next tier.</summary>
    public static RetryPolicy Default { get; } = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.5);

    public int MaxAttempts { get; }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    public double JitterFraction { get; }

    /// <summary>The wait after <paramref name="failedAttempts"/> failures; <paramref name="unitRandom"/> is uniform in [0, 1).</summary>
    public TimeSpan DelayAfter(int failedAttempts, double unitRandom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        // Doubling in floating point and capping first keeps 2^n from overflowing for large attempt counts.
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempts - 1, 62));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 - JitterFraction * unitRandom));
    }
}
