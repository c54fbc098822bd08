using Fulcrum.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Fleet;

/// <summary>
/// Delivers this instance's journal to the fleet journal, in local id order. The local SQLite journal is written
/// first (durable, never waiting on the network), so while the store is unreachable it is the spool: nothing is
/// lost, and when the store returns delivery resumes after the highest local id the store holds, so every event
/// arrives once and in order. Checks for new events every <see cref="Period"/>; one log line per outage.
/// </summary>
internal sealed partial class FleetJournalShipper(FleetJournal fleet, FleetStore store, EventJournal local, FleetSettings settings,
    TimeProvider time, ILogger<FleetJournalShipper> logger) : BackgroundService
{
    /// <summary>How often the local journal is checked for events to deliver.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private const int Batch = 500;
    private static readonly TimeSpan FinalDeliveryTimeout = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _delivering = new(1, 1);
    private long? _delivered;
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            do
            {
                await DeliverAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>After the loop stops, one last delivery (the process.stopped event is journaled late in the shutdown).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(FinalDeliveryTimeout);
        try
        {
            await DeliverAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            // What was not delivered stays in the local journal and goes at the next start.
        }
    }

    /// <summary>Delivers everything committed locally so far; a failure is logged once per outage and retried next tick.</summary>
    internal async Task DeliverAsync(CancellationToken cancellationToken)
    {
        await _delivering.WaitAsync(cancellationToken);
        try
        {
            await store.EnsureSchemaOnceAsync(cancellationToken);
            // After a failure the store is asked again where delivery stands: a batch may have committed just before
            // the connection broke.
            var delivered = _delivered ?? await fleet.DeliveredUpToAsync(local.JournalId, cancellationToken);
            while (true)
            {
                var batch = local.Read(sinceId: delivered, limit: Batch);
                if (batch.Count == 0)
                {
                    break;
                }
                await fleet.DeliverAsync(local.JournalId, settings.Instance, batch, cancellationToken);
                delivered = batch[^1].Id;
                _delivered = delivered;
            }
            _delivered = delivered;
            if (_failing)
            {
                _failing = false;
                LogBack(logger, delivered);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _delivered = null;
            if (!_failing)
            {
                _failing = true;
                LogLost(logger, e.GetType().Name, e.Message);
            }
        }
        finally
        {
            _delivering.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet journal: delivery paused ({Type}: {Reason}); events wait in the local journal and are delivered in order when the store returns")]
    private static partial void LogLost(ILogger logger, string type, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "fleet journal: the store is back; delivered up to local event {Id}")]
    private static partial void LogBack(ILogger logger, long id);
}
