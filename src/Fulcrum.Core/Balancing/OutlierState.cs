namespace Fulcrum.Core.Balancing;

/// <summary>
/// One backend's passive outlier detection bookkeeping. The consecutive-failure counter is touched on every
/// response (lock-free); the ejection fields change only under the owning <see cref="ClusterBalancer"/>'s lock
/// and are published with volatile writes so the admin API can read them at any time.
/// </summary>
public sealed class OutlierState
{
    private int _consecutiveFailures;
    private int _timesEjected;
    private long _ejectedUntilTicks = long.MinValue;
    private long _lastReturnTicks = long.MinValue;

    /// <summary>Failures since the last success.</summary>
    public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

    /// <summary>How many times the backend was ejected recently (decays after clean periods); sets the ejection length.</summary>
    public int TimesEjected => Volatile.Read(ref _timesEjected);

    /// <summary>When the current ejection ends; <see cref="long.MinValue"/> when not ejected.</summary>
    public long EjectedUntilTicks => Volatile.Read(ref _ejectedUntilTicks);

    /// <summary>When the backend last came back from an ejection; <see cref="long.MinValue"/> if never.</summary>
    public long LastReturnTicks => Volatile.Read(ref _lastReturnTicks);

    internal int RecordFailure() => Interlocked.Increment(ref _consecutiveFailures);

    /// <summary>Resets the streak; skips the write when already zero so healthy traffic does not bounce the cache line.</summary>
    internal void RecordSuccess()
    {
        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            Volatile.Write(ref _consecutiveFailures, 0);
        }
    }

    internal void ResetStreak() => Volatile.Write(ref _consecutiveFailures, 0);

    internal void MarkEjected(int timesEjected, long untilTicks)
    {
        Volatile.Write(ref _timesEjected, timesEjected);
        Volatile.Write(ref _ejectedUntilTicks, untilTicks);
    }

    internal void MarkReturned(long nowTicks)
    {
        Volatile.Write(ref _ejectedUntilTicks, long.MinValue);
        Volatile.Write(ref _lastReturnTicks, nowTicks);
        Volatile.Write(ref _consecutiveFailures, 0);
    }
}
