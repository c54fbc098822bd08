using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Fulcrum.Hosting;

/// <summary>
/// One dedicated thread at low priority for work that must not compete with requests: config applies (parse, audit
/// with its simulation, YARP's rebuild of routes and clusters), whether a file change, SIGHUP or <c>POST /api/config</c>
/// asked for them; the <see cref="ConfigGate"/> owns it, so they also run one at a time. Off the thread pool, a reload neither takes a pool thread
/// from requests for its CPU work nor holds one while it waits for YARP to confirm the new config.
/// Thread.Priority is ignored by .NET on Linux (every SCHED_OTHER thread has priority 0), so there the thread also
/// lowers its own nice value, which the Linux scheduler applies per thread: under load a reload yields the CPU to
/// requests, on an idle machine it runs at full speed.
/// </summary>
internal sealed class BackgroundLane : IDisposable
{
    /// <summary>Nice value of the lane on Linux (0 is normal, 19 the lowest); 10 gives requests about 10× its CPU share under contention.</summary>
    public const int LinuxNice = 10;

    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    public BackgroundLane(string name)
    {
        _thread = new Thread(Run) { Name = name, IsBackground = true, Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>The lane's nice value once it started (Linux; null elsewhere or if it could not be read).</summary>
    public int? Nice { get; private set; }

    /// <summary>Queues <paramref name="action"/>, which must not throw (each item's exceptions are its own to catch).</summary>
    public void Post(Action action) => TryPost(action);

    /// <summary>
    /// Runs <paramref name="work"/> on the lane and completes with its result or exception, continuing off the lane,
    /// so a request handler can await a reload-sized job without holding a pool thread or running it at pool priority.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = TryPost(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        if (!queued)
        {
            done.SetException(new ObjectDisposedException(_thread.Name, "the process is stopping"));
        }
        return done.Task;
    }

    /// <summary>Queues <paramref name="action"/> (which must not throw); false when the lane is stopped.</summary>
    public bool TryPost(Action action)
    {
        try
        {
            _work.Add(action);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // disposed: the process is stopping, nothing more to run
        }
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        // A reload in progress is given a moment; the thread is a background thread and never holds the process.
        _thread.Join(TimeSpan.FromSeconds(2));
    }

    private void Run()
    {
        Nice = LowerOwnPriority();
        foreach (var action in _work.GetConsumingEnumerable())
        {
            action();
        }
    }

    private static int? LowerOwnPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        try
        {
            // PRIO_PROCESS with a thread id changes that thread only (setpriority(2), Linux notes).
            var tid = gettid();
            return setpriority(PrioProcess, tid, LinuxNice) == 0 ? LinuxNice : null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null; // an old libc: the lane still runs off the pool, at normal priority
        }
    }

    private const int PrioProcess = 0;

    // DllImport, not LibraryImport: ints only, nothing to marshal, and no unsafe code in the executable for two calls.
    [DllImport("libc")]
    private static extern int gettid();

    [DllImport("libc")]
    private static extern int setpriority(int which, int who, int prio);
}
