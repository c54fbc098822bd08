using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Journal;

/// <summary>
/// The non-blocking append path: a bounded channel drained by one background writer that commits whatever has
/// piled up in a single transaction (one fsync per batch, not per event). A full queue never blocks the caller:
/// the event is dropped, counted, and the count is itself journaled as <see cref="EventKinds.JournalOverflow"/>
/// as soon as the writer catches up, so a loss is never silent.
/// </summary>
internal sealed class JournalQueue : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly JournalStore store;
    private readonly TimeProvider time;
    private readonly ILogger? logger;
    private readonly Channel<Item> channel;
    private readonly Task writerTask;
    private long droppedSinceReport;
    private long droppedTotal;
    private long failedWrites;

    public JournalQueue(JournalStore store, TimeProvider time, int capacity, ILogger? logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.store = store;
        this.time = time;
        this.logger = logger;
        channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of evicting what is queued
        });
        writerTask = Task.Run(DrainAsync);
    }

    public long Dropped => Interlocked.Read(ref droppedTotal);

    public long FailedWrites => Interlocked.Read(ref failedWrites);

    public bool TryEnqueue(JournalEvent e)
    {
        if (channel.Writer.TryWrite(new Item(e, null)))
        {
            return true;
        }
        Interlocked.Increment(ref droppedSinceReport);
        Interlocked.Increment(ref droppedTotal);
        return false;
    }

    /// <summary>Completes when every event enqueued before this call has been committed (or failed to be).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await channel.Writer.WriteAsync(new Item(null, done), ct).ConfigureAwait(false);
        await done.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        channel.Writer.TryComplete();
        await writerTask.ConfigureAwait(false);
    }

    private async Task DrainAsync()
    {
        var batch = new List<JournalEvent>(MaxBatch);
        var flushes = new List<TaskCompletionSource>();
        var reader = channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                if (item.Event is not null)
                {
                    batch.Add(item.Event);
                }
                else
                {
                    flushes.Add(item.Flush!);
                }
            }
            var dropped = Interlocked.Exchange(ref droppedSinceReport, 0);
            if (dropped > 0)
            {
                batch.Add(JournalEvent.Create(
                    EventKinds.JournalOverflow,
                    $"{dropped} event(s) dropped: the journal queue was full",
                    time: time.GetUtcNow()));
            }
            Commit(batch);
            batch.Clear();
            foreach (var flush in flushes)
            {
                flush.TrySetResult();
            }
            flushes.Clear();
        }
    }

    private void Commit(List<JournalEvent> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            store.InsertBatch(batch);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The writer must outlive a bad moment (disk full, file locked by a backup tool): count, log, go on.
            Interlocked.Add(ref failedWrites, batch.Count);
            logger?.LogError(ex, "journal {Path}: {Count} queued event(s) could not be written", store.FilePath, batch.Count);
        }
    }

    private readonly record struct Item(JournalEvent? Event, TaskCompletionSource? Flush);
}
