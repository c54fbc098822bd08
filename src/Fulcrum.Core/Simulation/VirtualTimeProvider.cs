namespace Fulcrum.Core.Simulation;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock only moves when the simulator says so. Timestamps are
/// <see cref="TimeSpan"/> ticks (frequency 10 MHz) so <see cref="Balancing.MonotonicTicks"/> reads them as is.
/// Timers created on it fire in virtual time, in due order, as <see cref="AdvanceTo"/> passes them — so any
/// timer-driven logic in the balancer (ejection expiry, periodic recomputation) behaves as in production.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    /// <summary>
    /// Virtual time starts here rather than at 0, as a real monotonic clock does: code that treats 0 as
    /// "never happened" must not be fooled by the simulator.
    /// </summary>
    public static readonly long OriginTicks = TimeSpan.FromHours(1).Ticks;

    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly PriorityQueue<VirtualTimer, EventKey> _timers = new();
    private long _nowTicks = OriginTicks;
    private long _timerSeq;

    /// <summary>Current virtual monotonic time in ticks (starts at <see cref="OriginTicks"/>).</summary>
    public long NowTicks => _nowTicks;

    /// <summary>Virtual time elapsed since the origin.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(_nowTicks - OriginTicks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _nowTicks;

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(_nowTicks - OriginTicks);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward to <paramref name="ticks"/>, firing every timer due on the way in order.</summary>
    public void AdvanceTo(long ticks)
    {
        if (_timers.Count == 0 && ticks >= _nowTicks)
        {
            _nowTicks = ticks; // no timer at all, the usual case: the simulator calls this on every event
            return;
        }
        if (ticks < _nowTicks)
        {
            throw new InvalidOperationException($"virtual time cannot go back ({ticks} < {_nowTicks})");
        }
        while (_timers.TryPeek(out var timer, out var due) && due.Time <= ticks)
        {
            _timers.Dequeue();
            if (timer.Version != due.Seq)
            {
                continue; // changed or disposed since it was scheduled
            }
            _nowTicks = Math.Max(_nowTicks, due.Time);
            timer.Fire();
        }
        _nowTicks = ticks;
    }

    internal void Schedule(VirtualTimer timer, long dueTicks)
    {
        var seq = ++_timerSeq;
        timer.Version = seq;
        _timers.Enqueue(timer, new EventKey(dueTicks, seq));
    }
}
