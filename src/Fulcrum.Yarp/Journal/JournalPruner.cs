using Fulcrum.Core.Config;
using Microsoft.Data.Sqlite;

namespace Fulcrum.Journal;

/// <summary>
/// Applies a <see cref="JournalRetention"/> to the journal file: first by age, then, while the data is still over
/// <see cref="JournalRetention.MaxSize"/>, the oldest events and configs until it is under 90 % of it (the slack keeps
/// a journal at its limit from pruning a handful of rows on every pass). The newest config and the rollback target
/// are never pruned. Rows go in chunks, each its own transaction, so appends are held up for one chunk at most.
/// </summary>
internal sealed class JournalPruner(JournalStore store)
{
    internal const int ChunkRows = 5_000;
    private const int MaxSizePasses = 16;
    internal const double SizeTarget = 0.9;

    // What a row costs on disk beyond its texts: the integer columns, the row header and its index entries.
    private const string EventBytes =
        "(48 + length(CAST(kind AS BLOB)) * 2 + ifnull(length(CAST(cluster AS BLOB)), 0) + ifnull(length(CAST(destination AS BLOB)), 0)"
        + " + length(CAST(summary AS BLOB)) + ifnull(length(CAST(details AS BLOB)), 0) + ifnull(length(CAST(alert_id AS BLOB)), 0) * 2)";

    private const string ConfigBytes = "(32 + length(CAST(yaml AS BLOB)) + COALESCE(length(CAST(audit AS BLOB)), 0))";

    // The newest config (serving) and the one `fulcrum rollback` would restore (see ConfigHistory.LastCleanBefore).
    // MAX over no rows is NULL, and NOT IN with a NULL in the list is never true: the NULLs are filtered out.
    private const string KeptConfigs =
        "id NOT IN (SELECT k FROM (SELECT MAX(id) AS k FROM config_history UNION ALL "
        + "SELECT MAX(id) FROM config_history WHERE served_clean = 1 AND id < (SELECT MAX(id) FROM config_history) "
        + "AND yaml IS NOT (SELECT yaml FROM config_history ORDER BY id DESC LIMIT 1)) WHERE k IS NOT NULL)";

    /// <summary>Prunes per <paramref name="retention"/> as of <paramref name="now"/>; says what went.</summary>
    public JournalPruneReport Prune(JournalRetention retention, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(retention);
        var before = store.WithWriter(UsedBytes);
        var dropped = new Dropped();
        var cutoff = (now - retention.MaxAge).ToUnixTimeMilliseconds();
        var byAge = DropUpTo(cutoff - 1, dropped);
        var bySize = false;
        var target = (long)(retention.MaxSize * SizeTarget);
        for (var pass = 0; pass < MaxSizePasses && retention.MaxSize > 0; pass++)
        {
            var used = store.WithWriter(UsedBytes);
            if (used <= retention.MaxSize && (!bySize || used <= target))
            {
                break;
            }
            if (store.WithWriter(c => OldestTimeCovering(c, used - target)) is not { } upTo || !DropUpTo(upTo, dropped))
            {
                break; // nothing left that may go: the kept configs alone exceed the limit
            }
            bySize = true;
        }
        if (dropped.Events + dropped.Configs > 0)
        {
            store.WithWriter(Release);
        }
        return new JournalPruneReport(
            dropped.Events,
            dropped.Configs,
            dropped.FromMs is { } from ? DateTimeOffset.FromUnixTimeMilliseconds(from) : null,
            dropped.ToMs is { } to ? DateTimeOffset.FromUnixTimeMilliseconds(to) : null,
            dropped.Bytes,
            before,
            store.WithWriter(UsedBytes),
            byAge,
            bySize);
    }

    /// <summary>Rewrites the file without free pages (and with incremental auto-vacuum from then on).</summary>
    public void Compact() => store.WithWriter(connection =>
    {
        JournalStore.Pragma(connection, "PRAGMA auto_vacuum=INCREMENTAL");
        JournalStore.Pragma(connection, "VACUUM");
        Checkpoint(connection);
        return 0;
    });

    /// <summary>Bytes in pages that hold data (free pages excluded, whether or not the file has given them back yet).</summary>
    public static long UsedBytes(SqliteConnection connection) =>
        (Pragma(connection, "page_count") - Pragma(connection, "freelist_count")) * Pragma(connection, "page_size");

    private bool DropUpTo(long upToMs, Dropped dropped)
    {
        var any = false;
        while (store.WithWriter(c => DropChunk(c, upToMs, dropped)))
        {
            any = true;
        }
        return any;
    }

    /// <summary>Deletes at most one chunk of events and of configs at or before <paramref name="upToMs"/>; false when none was left.</summary>
    private static bool DropChunk(SqliteConnection connection, long upToMs, Dropped dropped)
    {
        using var transaction = connection.BeginTransaction();
        var events = Measure(connection, transaction,
            $"SELECT COUNT(*), MIN(time_ms), MAX(time_ms), SUM({EventBytes}) FROM "
            + $"(SELECT * FROM events WHERE time_ms <= $upTo ORDER BY id LIMIT {ChunkRows})", upToMs);
        var configs = Measure(connection, transaction,
            $"SELECT COUNT(*), MIN(applied_ms), MAX(applied_ms), SUM({ConfigBytes}) FROM "
            + $"(SELECT * FROM config_history WHERE applied_ms <= $upTo AND {KeptConfigs} ORDER BY id LIMIT {ChunkRows})", upToMs);
        if (events.Count + configs.Count == 0)
        {
            return false;
        }
        Execute(connection, transaction,
            $"DELETE FROM events WHERE id IN (SELECT id FROM events WHERE time_ms <= $upTo ORDER BY id LIMIT {ChunkRows})", upToMs);
        Execute(connection, transaction,
            $"DELETE FROM config_history WHERE id IN (SELECT id FROM config_history WHERE applied_ms <= $upTo AND {KeptConfigs} ORDER BY id LIMIT {ChunkRows})", upToMs);
        transaction.Commit();
        dropped.Add(events, isEvent: true);
        dropped.Add(configs, isEvent: false);
        return true;
    }

    /// <summary>
    /// The time up to which the oldest rows (events and prunable configs, in time order) add up to
    /// <paramref name="excess"/> bytes; null when there is nothing left to prune.
    /// </summary>
    private static long? OldestTimeCovering(SqliteConnection connection, long excess)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT t FROM (SELECT t, SUM(b) OVER (ORDER BY t, k, id) AS total FROM ("
            + $"SELECT time_ms AS t, 0 AS k, id, {EventBytes} AS b FROM events UNION ALL "
            + $"SELECT applied_ms, 1, id, {ConfigBytes} FROM config_history WHERE {KeptConfigs})) "
            + "WHERE total >= $excess ORDER BY t LIMIT 1";
        command.Parameters.AddWithValue("$excess", Math.Max(1, excess));
        if (command.ExecuteScalar() is long t)
        {
            return t;
        }
        // Everything that may go is less than the excess: all of it goes.
        command.CommandText =
            $"SELECT MAX(t) FROM (SELECT MAX(time_ms) AS t FROM events UNION ALL SELECT MAX(applied_ms) FROM config_history WHERE {KeptConfigs})";
        return command.ExecuteScalar() as long?;
    }

    /// <summary>Gives freed pages back to the file system and folds the WAL (which held every deleted page) back in.</summary>
    private static int Release(SqliteConnection connection)
    {
        JournalStore.Pragma(connection, "PRAGMA incremental_vacuum");
        Checkpoint(connection);
        return 0;
    }

    private static void Checkpoint(SqliteConnection connection)
    {
        try
        {
            JournalStore.Pragma(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException)
        {
            // A reader in another process holds the WAL; it is checkpointed at a later pass or at close.
        }
    }

    private static Measured Measure(SqliteConnection connection, SqliteTransaction transaction, string sql, long upToMs)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$upTo", upToMs);
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0) == 0
            ? default
            : new Measured(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, long upToMs)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$upTo", upToMs);
        command.ExecuteNonQuery();
    }

    private static long Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private readonly record struct Measured(long Count, long FromMs, long ToMs, long Bytes);

    /// <summary>What one pruning dropped so far, summed over its chunks.</summary>
    private sealed class Dropped
    {
        public long Events { get; private set; }

        public long Configs { get; private set; }

        public long? FromMs { get; private set; }

        public long? ToMs { get; private set; }

        public long Bytes { get; private set; }

        public void Add(Measured m, bool isEvent)
        {
            if (m.Count == 0)
            {
                return;
            }
            if (isEvent)
            {
                Events += m.Count;
            }
            else
            {
                Configs += m.Count;
            }
            Bytes += m.Bytes;
            FromMs = FromMs is { } f ? Math.Min(f, m.FromMs) : m.FromMs;
            ToMs = ToMs is { } t ? Math.Max(t, m.ToMs) : m.ToMs;
        }
    }
}
