using Fulcrum.Core.Config;
using Fulcrum.Journal;
using Npgsql;

namespace Fulcrum.Fleet;

/// <summary>
/// Applies <c>journal.max-age</c> and <c>journal.max-size</c> to the fleet journal as a whole, as
/// <see cref="JournalPruner"/> does to one file: first events older than max-age, then, while the rows are larger than
/// max-size, the oldest (of every instance, in time order) until they are under 90 % of it. The whole table, not each
/// instance's part: the events of an instance that is gone for good age out too. One instance prunes at a time (a
/// session advisory lock; the others skip their pass), or two would each drop the excess. Rows go in chunks, each its
/// own transaction, so deliveries wait for one chunk at most.
/// </summary>
internal sealed class FleetJournalPruner(FleetStore store)
{
    /// <summary>Key of the advisory lock held while one instance prunes the fleet journal.</summary>
    public const long LockKey = 0x46554C4352554D03;

    // The local journal's chunk and target, so "like the SQLite journal" stays true.
    private const int ChunkRows = JournalPruner.ChunkRows;
    private const double SizeTarget = JournalPruner.SizeTarget;

    /// <summary>
    /// What a row takes with its index entries: its texts plus a fixed part for the tuple header, line pointer, the
    /// integer columns and four index entries (measured against pg_total_relation_size on the bench's events, where it
    /// comes within ~10 %). An estimate, like the SQLite journal's: PostgreSQL reuses a deleted row's space for new rows
    /// after autovacuum, so the table settles near max-size rather than shrinking on disk.
    /// </summary>
    private const string RowBytes =
        "(200 + octet_length(instance) + octet_length(journal) * 2 + octet_length(kind) * 2 + coalesce(octet_length(cluster), 0)"
        + " + coalesce(octet_length(destination), 0) + octet_length(summary) + coalesce(octet_length(details), 0) + coalesce(octet_length(alert_id), 0))";

    /// <summary>Prunes per <paramref name="retention"/> as of <paramref name="now"/>; null when another instance is pruning.</summary>
    public async Task<JournalPruneReport?> PruneAsync(JournalRetention retention, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retention);
        await using var connection = await store.OpenAsync(cancellationToken);
        if (!await Scalar<bool>(connection, "SELECT pg_try_advisory_lock(@key)", ("key", LockKey), cancellationToken))
        {
            return null;
        }
        try
        {
            return await PruneLockedAsync(connection, retention, now, cancellationToken);
        }
        finally
        {
            await Scalar<bool>(connection, "SELECT pg_advisory_unlock(@key)", ("key", LockKey), CancellationToken.None);
        }
    }

    private static async Task<JournalPruneReport> PruneLockedAsync(NpgsqlConnection connection, JournalRetention retention, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var byAge = new Dropped();
        await DropUpToAsync(connection, (now - retention.MaxAge).ToUnixTimeMilliseconds() - 1, byAge, cancellationToken);
        // Estimating the rows reads the whole table: only when something went, or the table is over the limit on disk
        // (the estimate stays below the size on disk, which also counts free space).
        var onDisk = await Scalar<long>(connection, "SELECT pg_total_relation_size('fulcrum_events')", null, cancellationToken);
        if (byAge.Events == 0 && onDisk <= retention.MaxSize)
        {
            return Report(byAge, new Dropped(), onDisk, onDisk);
        }
        var used = await EstimatedBytesAsync(connection, cancellationToken);
        var bySize = new Dropped();
        if (used > retention.MaxSize)
        {
            var target = (long)(retention.MaxSize * SizeTarget);
            if (await OldestTimeCoveringAsync(connection, used - target, cancellationToken) is { } upTo)
            {
                await DropUpToAsync(connection, upTo, bySize, cancellationToken);
            }
        }
        return Report(byAge, bySize, used + byAge.Bytes, used - bySize.Bytes);
    }

    /// <summary>What the rows take by the estimate max-size is compared with (reads the whole table).</summary>
    public async Task<long> EstimatedBytesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await EstimatedBytesAsync(connection, cancellationToken);
    }

    private static Task<long> EstimatedBytesAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        Scalar<long>(connection, $"SELECT COALESCE(SUM({RowBytes}), 0)::bigint FROM fulcrum_events", null, cancellationToken);

    private static JournalPruneReport Report(Dropped byAge, Dropped bySize, long before, long after)
    {
        var from = Min(byAge.FromMs, bySize.FromMs);
        var to = Max(byAge.ToMs, bySize.ToMs);
        return new JournalPruneReport(
            byAge.Events + bySize.Events, 0,
            from is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
            to is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t) : null,
            byAge.Bytes + bySize.Bytes, before, after, byAge.Events > 0, bySize.Events > 0);
    }

    /// <summary>Deletes events at or before <paramref name="upToMs"/>, oldest first, a chunk per transaction.</summary>
    private static async Task DropUpToAsync(NpgsqlConnection connection, long upToMs, Dropped dropped, CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var command = new NpgsqlCommand(
                $"""
                WITH gone AS (
                    DELETE FROM fulcrum_events WHERE id IN (
                        SELECT id FROM fulcrum_events WHERE time_ms <= @up_to ORDER BY time_ms, id LIMIT {ChunkRows})
                    RETURNING time_ms, {RowBytes} AS bytes)
                SELECT COUNT(*), MIN(time_ms), MAX(time_ms), COALESCE(SUM(bytes), 0)::bigint FROM gone
                """, connection);
            command.Parameters.AddWithValue("up_to", upToMs);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var count = reader.GetInt64(0);
            if (count == 0)
            {
                return;
            }
            dropped.Add(count, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            if (count < ChunkRows)
            {
                return;
            }
        }
    }

    /// <summary>The time up to which the oldest events add up to <paramref name="excess"/> bytes (all of them when they add up to less).</summary>
    private static async Task<long?> OldestTimeCoveringAsync(NpgsqlConnection connection, long excess, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT COALESCE(
                (SELECT time_ms FROM (
                    SELECT time_ms, id, SUM({RowBytes}) OVER (ORDER BY time_ms, id ROWS UNBOUNDED PRECEDING) AS total FROM fulcrum_events) t
                 WHERE total >= @excess ORDER BY time_ms, id LIMIT 1),
                (SELECT MAX(time_ms) FROM fulcrum_events))
            """, connection);
        command.Parameters.AddWithValue("excess", Math.Max(1, excess));
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql, (string Name, long Value)? parameter, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is { } p)
        {
            command.Parameters.AddWithValue(p.Name, p.Value);
        }
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    /// <summary>What one step dropped, summed over its chunks.</summary>
    private sealed class Dropped
    {
        public long Events { get; private set; }

        public long? FromMs { get; private set; }

        public long? ToMs { get; private set; }

        public long Bytes { get; private set; }

        public void Add(long count, long fromMs, long toMs, long bytes)
        {
            Events += count;
            Bytes += bytes;
            FromMs = FromMs is { } f ? Math.Min(f, fromMs) : fromMs;
            ToMs = ToMs is { } t ? Math.Max(t, toMs) : toMs;
        }
    }
}
