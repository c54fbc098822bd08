using Fulcrum.Core.Config;
using Fulcrum.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Operations;

/// <summary>
/// Prunes the journal per its retention <see cref="FirstPassDelay"/> after start and every <see cref="Period"/> on the
/// <see cref="TimeProvider"/>.
/// A failed pass (disk full, file locked) logs one line and the next pass runs as usual: nothing escapes the timer.
/// </summary>
internal sealed partial class JournalRetentionService(
    EventJournal journal,
    Func<JournalRetention> retention,
    TimeProvider time,
    ILogger<JournalRetentionService> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>How often retention is applied.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The first pass waits this long, so it does not compete with the start for CPU and the journal's lock before the
    /// first request is served (bench/RESULTS.md, "Start CPU of the JIT build (startup2)").
    /// </summary>
    public static readonly TimeSpan FirstPassDelay = TimeSpan.FromSeconds(30);

    private ITimer? timer;
    private int running;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        timer = time.CreateTimer(_ => PruneOnce(), null, FirstPassDelay, Period);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref timer, null) is { } t)
        {
            await t.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One pass; a pass still running (a huge first pruning) makes the next tick a no-op rather than a second writer.</summary>
    internal void PruneOnce()
    {
        if (Interlocked.Exchange(ref running, 1) != 0)
        {
            return;
        }
        try
        {
            var report = journal.Prune(retention());
            if (report.DroppedAny)
            {
                LogPruned(logger, journal.Path, report.Events, report.Configs, report.BytesBefore, report.BytesAfter);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailed(logger, journal.Path, e.GetType().Name, e.Message);
        }
        finally
        {
            Volatile.Write(ref running, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "journal {Path}: pruned {Events} event(s) and {Configs} config(s); data {Before} → {After} bytes")]
    private static partial void LogPruned(ILogger logger, string path, long events, long configs, long before, long after);

    [LoggerMessage(Level = LogLevel.Warning, Message = "journal {Path}: pruning failed ({Type}: {Reason}); the next pass runs in 10 minutes")]
    private static partial void LogFailed(ILogger logger, string path, string type, string reason);
}
