namespace Fulcrum.Core.Simulation;

/// <summary>A timer of <see cref="VirtualTimeProvider"/>: due and period are measured in virtual time.</summary>
internal sealed class VirtualTimer : ITimer
{
    private readonly VirtualTimeProvider _time;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private long _periodTicks;

    public VirtualTimer(VirtualTimeProvider time, TimerCallback callback, object? state)
    {
        _time = time;
        _callback = callback;
        _state = state;
    }

    /// <summary>Matches the sequence number of the live schedule entry; any other entry is stale.</summary>
    public long Version { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Version = 0;
        _periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _time.Schedule(this, _time.NowTicks + Math.Max(0, dueTime.Ticks));
        }
        return true;
    }

    public void Fire()
    {
        if (_periodTicks > 0)
        {
            _time.Schedule(this, _time.NowTicks + _periodTicks);
        }
        else
        {
            Version = 0;
        }
        _callback(_state);
    }

    public void Dispose() => Version = 0;

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
