namespace Fulcrum.Hosting;

/// <summary>
/// Turns a burst of reload requests (watcher events, SIGHUPs) into one reload of the file as it is at the end of the
/// burst. A reload starts once requests have been quiet for <see cref="Quiet"/> (editors write in several steps), but
/// never later than <see cref="MaxDelay"/> after the first waiting request, so a steady stream of writes still gets
/// applied. One reload runs at a time; requests during it make exactly one more. A signal in the burst is passed on
/// (a signal re-applies even an unchanged file). API writes do not come here: each gets its own answer.
/// </summary>
internal sealed class ReloadCoalescer : IDisposable
{
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Action<ConfigTrigger> _reload;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private long? _firstWaiting; // timestamp of the oldest request not yet served
    private bool _signalWaiting;
    private bool _running;

    /// <param name="reload">Reads and applies the file; must not throw (the reloader catches everything).</param>
    /// <param name="dispatch">Where a due reload runs: the reloader's low-priority <see cref="BackgroundLane"/>; inline (on the timer) if null.</param>
    public ReloadCoalescer(TimeProvider time, Action<ConfigTrigger> reload, Action<Action>? dispatch = null)
    {
        _time = time;
        _reload = reload;
        _timer = dispatch is null
            ? time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan)
            : time.CreateTimer(_ => dispatch(Fire), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Request(ConfigTrigger trigger)
    {
        lock (_lock)
        {
            _firstWaiting ??= _time.GetTimestamp();
            _signalWaiting |= trigger == ConfigTrigger.Signal;
            if (!_running)
            {
                Arm();
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Fire()
    {
        ConfigTrigger trigger;
        lock (_lock)
        {
            if (_running || _firstWaiting is null)
            {
                return;
            }
            trigger = _signalWaiting ? ConfigTrigger.Signal : ConfigTrigger.FileChange;
            (_firstWaiting, _signalWaiting, _running) = (null, false, true);
        }
        try
        {
            _reload(trigger);
        }
        finally
        {
            lock (_lock)
            {
                _running = false;
                if (_firstWaiting is not null)
                {
                    Arm(); // requests that came in during the reload: one more, for the file as it is now
                }
            }
        }
    }

    /// <summary>Waits for quiet, cut short so the oldest waiting request is served within <see cref="MaxDelay"/>.</summary>
    private void Arm()
    {
        var waited = _time.GetElapsedTime(_firstWaiting!.Value);
        var due = waited >= MaxDelay ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(Quiet.Ticks, (MaxDelay - waited).Ticks));
        try
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // A request racing Dispose: nothing left to reload.
        }
    }
}
