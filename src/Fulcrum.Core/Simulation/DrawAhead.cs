using System.Runtime.ExceptionServices;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// A second thread for a long run: it draws the scenario's random streams (arrival gaps and keys, service times
/// with their logarithms) ahead into the feeds' rings while the event loop runs on the calling thread. Each stream
/// keeps its own generator and its own order, so the run is the same as inline, to the bit; only the wall time
/// shrinks, by the draws' share of a simulated request (a quarter to a third on two cores).
/// <para>When every ring is full the thread sleeps on an event; the loop wakes it when a ring is half empty, and
/// it wakes itself every millisecond regardless, so a missed signal costs at most that.</para>
/// </summary>
internal sealed class DrawAhead : IDisposable
{
    private readonly IDrawFeedFiller[] _feeds;
    private readonly LatencySamples[] _samples;
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Thread _thread;
    private volatile bool _stop;
    private volatile bool _sleeping;
    private volatile ExceptionDispatchInfo? _failure;

    private DrawAhead(IDrawFeedFiller[] feeds, LatencySamples[] samples)
    {
        _feeds = feeds;
        _samples = samples;
        _thread = new Thread(Produce) { IsBackground = true, Name = "fulcrum-sim-draws" };
    }

    /// <summary>
    /// Attaches a new drawing thread to <paramref name="arrivals"/> and <paramref name="service"/> and starts it; between
    /// blocks it also maps in the pages <paramref name="samples"/> will write next (<see cref="LatencySamples.Prefault"/>).
    /// </summary>
    public static DrawAhead Start(DrawFeed<ArrivalDraw> arrivals, DrawFeed<ServiceDraw> service, LatencySamples[] samples)
    {
        var ahead = new DrawAhead([new Filler<ArrivalDraw>(arrivals), new Filler<ServiceDraw>(service)], samples);
        arrivals.Producer = ahead;
        service.Producer = ahead;
        ahead._thread.Start();
        return ahead;
    }

    /// <summary>The loop waits for block <paramref name="position"/> of <paramref name="feed"/> (rarely: the thread draws far faster than the loop reads).</summary>
    internal void WaitFor<T>(DrawFeed<T> feed, long position)
        where T : struct
    {
        var spin = new SpinWait();
        while (!feed.IsFilled(position))
        {
            _failure?.Throw();
            _wake.Set();
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>The loop released a block: wake the thread if it sleeps and the ring is half empty.</summary>
    internal void Wake<T>(DrawFeed<T> feed)
        where T : struct
    {
        if (_sleeping && feed.Level <= feed.Blocks / 2)
        {
            _wake.Set();
        }
    }

    public void Dispose()
    {
        _stop = true;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }

    private void Produce()
    {
        try
        {
            while (!_stop)
            {
                var filled = false;
                foreach (var feed in _feeds)
                {
                    while (!_stop && feed.TryFillOne())
                    {
                        filled = true;
                    }
                }
                foreach (var samples in _samples)
                {
                    samples.Prefault();
                }
                if (!filled)
                {
                    _sleeping = true;
                    _wake.Wait(1);
                    _wake.Reset();
                    _sleeping = false;
                }
            }
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
    }

    private interface IDrawFeedFiller
    {
        bool TryFillOne();
    }

    private sealed class Filler<T>(DrawFeed<T> feed) : IDrawFeedFiller
        where T : struct
    {
        public bool TryFillOne() => feed.TryFillOne();
    }
}
