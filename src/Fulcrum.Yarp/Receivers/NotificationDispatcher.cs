using System.Text.Json;
using System.Threading.Channels;
using Fulcrum.Core.Text;
using Fulcrum.Journal;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Receivers;

/// <summary>
/// Delivers alert notifications off the request path. <see cref="TryEnqueue"/> never blocks: each receiver has its
/// own bounded queue and worker, so a receiver that is down (and being retried) delays nobody else, and the order
/// of one receiver's notifications (firing before resolved) is kept. Every outcome is journaled:
/// notification.sent, or notification.failed with the reason — retries exhausted, refused by the receiver,
/// queue full, unknown receiver, shutdown. Nothing is lost silently. Owns (and disposes) its receivers.
/// </summary>
internal sealed class NotificationDispatcher : IAsyncDisposable
{
    private readonly EventJournal journal;
    private readonly TimeProvider time;
    private readonly DispatcherOptions options;
    private readonly ILogger? logger;
    private readonly Dictionary<string, Lane> lanes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private long sent;
    private long failed;
    private int disposed;

    public NotificationDispatcher(
        IEnumerable<IAlertReceiver> receivers,
        EventJournal journal,
        TimeProvider time,
        DispatcherOptions? options = null,
        ILogger<NotificationDispatcher>? logger = null)
    {
        this.journal = journal;
        this.time = time;
        this.options = options ?? new DispatcherOptions();
        this.logger = logger;
        foreach (var receiver in receivers)
        {
            var channel = Channel.CreateBounded<AlertNotification>(new BoundedChannelOptions(this.options.QueueCapacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full; queued notifications are kept
            });
            lanes.Add(receiver.Name, new Lane(receiver, channel, Task.Run(() => RunLaneAsync(receiver, channel.Reader))));
        }
    }

    /// <summary>Notifications delivered since start.</summary>
    public long Sent => Interlocked.Read(ref sent);

    /// <summary>Notifications given up on (after retries, refused, dropped), each journaled.</summary>
    public long Failed => Interlocked.Read(ref failed);

    /// <summary>
    /// Queues <paramref name="notification"/> for its receiver. False (and a notification.failed event) when no
    /// receiver has that name, its queue is full, or the dispatcher is stopping. Never blocks.
    /// </summary>
    public bool TryEnqueue(AlertNotification notification)
    {
        string? problem;
        if (Volatile.Read(ref disposed) != 0)
        {
            problem = "the dispatcher is stopping";
        }
        else if (!lanes.TryGetValue(notification.ReceiverName, out var lane))
        {
            problem = $"no receiver named '{notification.ReceiverName}' is configured";
        }
        else if (lane.Channel.Writer.TryWrite(notification))
        {
            return true;
        }
        else
        {
            problem = $"its queue is full ({options.QueueCapacity} waiting)";
        }
        // Not durable-append: this may run on the alerting path, which must not wait for an fsync.
        RecordFailure(notification, null, 0, [problem], durable: false);
        return false;
    }

    /// <summary>Stops taking notifications, delivers what is queued (up to the drain timeout), disposes receivers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }
        foreach (var lane in lanes.Values)
        {
            lane.Channel.Writer.TryComplete();
        }
        var workers = Task.WhenAll(lanes.Values.Select(l => l.Worker));
        try
        {
            await workers.WaitAsync(options.DrainTimeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Cut retries short; the workers journal every notification they could not deliver.
            await stopping.CancelAsync().ConfigureAwait(false);
            await workers.ConfigureAwait(false);
        }
        foreach (var lane in lanes.Values)
        {
            if (lane.Receiver is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
        }
        stopping.Dispose();
    }

    private async Task RunLaneAsync(IAlertReceiver receiver, ChannelReader<AlertNotification> reader)
    {
        await foreach (var notification in reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (stopping.IsCancellationRequested)
            {
                RecordFailure(notification, receiver, 0, ["the dispatcher stopped before it was sent"], durable: true);
                continue;
            }
            try
            {
                await DeliverAsync(receiver, notification, stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A receiver that misbehaves outside SendAsync (its Kind throws, say) must not end the lane: the
                // notifications queued behind this one would wait forever. One log line, a journaled failure, next.
                LaneFailed(notification, ex);
            }
        }
    }

    private void LaneFailed(AlertNotification n, Exception ex)
    {
        Interlocked.Increment(ref failed);
        var reason = $"delivery failed unexpectedly ({ex.GetType().Name}: {ex.Message})";
        logger?.LogError("notification to {Receiver} not delivered: {Reason}", SafeText.Bound(n.ReceiverName, 256), SafeText.Bound(reason, 500));
        Record(EventKinds.NotificationFailed, n, $"{n.StateName} {n.AlertName} NOT delivered to {n.ReceiverName}: {reason}",
            JsonSerializer.Serialize(new NotificationOutcome(n.ReceiverName, "unknown", n.StateName, n.Tier, 0, [reason]), ReceiverJson.Default.NotificationOutcome),
            durable: true);
    }

    private async Task DeliverAsync(IAlertReceiver receiver, AlertNotification n, CancellationToken ct)
    {
        var errors = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await receiver.SendAsync(n, ct).ConfigureAwait(false);
                Interlocked.Increment(ref sent);
                var after = attempt == 1 ? "" : $" after {attempt} attempts";
                Record(EventKinds.NotificationSent, n, $"{n.StateName} {n.AlertName} sent to {receiver.Name} ({receiver.Kind}){after}",
                    Outcome(n, receiver, attempt, errors), durable: true);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                errors.Add("the dispatcher stopped during delivery");
                RecordFailure(n, receiver, attempt, errors, durable: true);
                return;
            }
            catch (Exception ex)
            {
                errors.Add(ex.Message);
                var retryable = ex is not AlertDeliveryException { Retryable: false };
                if (!retryable || attempt >= options.Retry.MaxAttempts)
                {
                    RecordFailure(n, receiver, attempt, errors, durable: true);
                    return;
                }
            }
            try
            {
                await Task.Delay(options.Retry.DelayAfter(attempt, Random.Shared.NextDouble()), time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                errors.Add("the dispatcher stopped before the next attempt");
                RecordFailure(n, receiver, attempt, errors, durable: true);
                return;
            }
        }
    }

    private void RecordFailure(AlertNotification n, IAlertReceiver? receiver, int attempts, IReadOnlyList<string> errors, bool durable)
    {
        // The outcome first: should it throw, the lane's guard counts this failure, not both.
        var details = Outcome(n, receiver, attempts, errors);
        Interlocked.Increment(ref failed);
        var tries = attempts switch { 0 => "", 1 => " (1 attempt)", _ => $" ({attempts} attempts)" };
        Record(EventKinds.NotificationFailed, n,
            $"{n.StateName} {n.AlertName} NOT delivered to {n.ReceiverName}{tries}: {errors[^1]}",
            details, durable);
    }

    private static string Outcome(AlertNotification n, IAlertReceiver? receiver, int attempts, IReadOnlyList<string> errors) =>
        JsonSerializer.Serialize(
            new NotificationOutcome(n.ReceiverName, receiver?.Kind ?? "unknown", n.StateName, n.Tier, attempts, errors),
            ReceiverJson.Default.NotificationOutcome);

    private void Record(string kind, AlertNotification n, string summary, string details, bool durable)
    {
        var e = JournalEvent.Create(kind, summary, n.Cluster, n.Destination, details, n.AlertId, time.GetUtcNow());
        try
        {
            if (durable)
            {
                journal.Append(e);
            }
            else if (!journal.TryEnqueue(e))
            {
                logger?.LogError("journal queue full; lost event: {Summary}", summary);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The journal being unwritable must not kill the delivery worker; the log keeps the record.
            logger?.LogError(ex, "could not journal: {Summary}", summary);
        }
    }

    private sealed record Lane(IAlertReceiver Receiver, Channel<AlertNotification> Channel, Task Worker);
}
