using Fulcrum.Core.Config;
using Fulcrum.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Fleet;

/// <summary>
/// Prunes the fleet journal per this instance's <c>journal</c> retention at start and every <see cref="Period"/>, apart
/// from delivery (a long first pruning does not hold events back). A pass that dropped something journals
/// <see cref="EventKinds.JournalPruned"/> in the local journal, which the shipper delivers: the fleet's timeline says
/// what is gone and which instance pruned it. The same pass prunes the published config versions
/// (<see cref="FleetConfigPruner"/>: journal.max-age and fleet.keep-versions) and the window counts of instances long
/// silent (<see cref="FleetStore.PruneSilentCountsAsync"/>). A failed pass (store away) logs one
/// line per outage.
/// </summary>
internal sealed partial class FleetJournalRetention(FleetStore store, FleetJournalPruner pruner, FleetConfigPruner configs, FleetSettings settings, EventJournal local,
    Func<JournalRetention> retention, TimeProvider time, ILogger<FleetJournalRetention> logger) : BackgroundService
{
    /// <summary>How often retention is applied (as for the local journal).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    /// <summary>The summary's prefix that tells the fleet journal's pruning from the local file's.</summary>
    public const string SummaryPrefix = "fleet journal: ";

    /// <summary>The summary's prefix of a pass that pruned config versions.</summary>
    public const string ConfigSummaryPrefix = "fleet config versions: ";

    private bool _failing;

    /// <summary>Window counts of an instance silent this long go (it has long left the view: 3× report-every).</summary>
    internal static TimeSpan SilentCountsAfter(FleetSettings settings) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(10).Ticks, settings.LiveWithin.Ticks * 2));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            do
            {
                await PruneOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass; null when another instance held the pruning lock or the store was away.</summary>
    internal async Task<JournalPruneReport?> PruneOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var current = retention();
            var now = time.GetUtcNow();
            var report = await pruner.PruneAsync(current, now, cancellationToken);
            var keep = settings.Config.KeepVersions;
            if (await configs.PruneAsync(current.MaxAge, keep, settings.LiveWithin, now, cancellationToken) is { Versions: > 0 } versions)
            {
                local.Append(JournalEvent.Create(EventKinds.JournalPruned, ConfigSummaryPrefix + versions.Summary(current.MaxAge, keep)));
                LogConfigsPruned(logger, versions.Versions, versions.FirstId ?? 0, versions.LastId ?? 0);
            }
            await store.PruneSilentCountsAsync(SilentCountsAfter(settings), cancellationToken);
            _failing = false;
            if (report is { DroppedAny: true })
            {
                local.Append(JournalEvent.Create(EventKinds.JournalPruned, SummaryPrefix + report.Summary(current), details: report.ToJson()));
                LogPruned(logger, report.Events, report.BytesBefore, report.BytesAfter);
            }
            return report;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (!_failing)
            {
                _failing = true;
                LogFailed(logger, e.GetType().Name, e.Message);
            }
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "fleet journal: pruned {Events} event(s); rows {Before} → {After} bytes (estimated)")]
    private static partial void LogPruned(ILogger logger, long events, long before, long after);

    [LoggerMessage(Level = LogLevel.Information, Message = "fleet config versions: pruned {Versions} version(s) #{First}–#{Last}")]
    private static partial void LogConfigsPruned(ILogger logger, long versions, long first, long last);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet journal: pruning failed ({Type}: {Reason}); the next pass runs in 10 minutes")]
    private static partial void LogFailed(ILogger logger, string type, string reason);
}
