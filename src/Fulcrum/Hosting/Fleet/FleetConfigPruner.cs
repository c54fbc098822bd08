using System.Globalization;
using Npgsql;

namespace Fulcrum.Fleet;

/// <summary>What one pass dropped from <c>fulcrum_config_versions</c>.</summary>
internal sealed record ConfigPruneReport(long Versions, long? FirstId, long? LastId, DateTimeOffset? From, DateTimeOffset? To, bool ByAge, bool ByCount)
{
    /// <summary>"pruned 3 config version(s) #4–#9 pushed 2026-11-01 10:00:00Z to … (older than 336h, beyond the newest 100)".</summary>
    public string Summary(TimeSpan maxAge, int keep)
    {
        var why = string.Join(", ", new[] { ByAge ? $"older than {Journal.JournalPruneReport.Hours(maxAge)}" : null, ByCount ? $"beyond the newest {keep}" : null }
            .Where(w => w is not null));
        return $"pruned {Versions} config version(s) #{FirstId}–#{LastId} pushed {Stamp(From)} to {Stamp(To)} ({why})";
    }

    private static string Stamp(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "?";
}

/// <summary>
/// Keeps <c>fulcrum_config_versions</c> bounded as the fleet journal is: versions pushed before <c>journal.max-age</c>
/// go, and so do versions beyond the newest <c>fleet.keep-versions</c>. Never pruned, whatever their age: the newest
/// version (what the fleet follows), every version a live instance reports serving or refusing (drift stays
/// explainable), and the version <c>fulcrum rollback</c> would restore (<see cref="FleetStore.LastCleanBeforeAsync"/>).
/// One instance prunes at a time (a transaction-scoped advisory lock; the others skip their pass).
/// </summary>
internal sealed class FleetConfigPruner(FleetStore store)
{
    /// <summary>Key of the advisory lock held while one instance prunes the config versions.</summary>
    public const long LockKey = 0x46554C4352554D04;

    private const string Prune =
        """
        WITH newest AS (SELECT MAX(id) AS id FROM fulcrum_config_versions),
        kept AS (
            SELECT id FROM newest
            UNION SELECT (SELECT MAX(v.id) FROM fulcrum_config_versions v, newest n WHERE v.id < n.id AND NOT v.forced)
            UNION SELECT version_served FROM fulcrum_instances WHERE heartbeat > now() - @live
            UNION SELECT version_refused FROM fulcrum_instances WHERE heartbeat > now() - @live),
        recent AS (SELECT id FROM fulcrum_config_versions ORDER BY id DESC LIMIT @keep),
        gone AS (
            DELETE FROM fulcrum_config_versions v
            WHERE v.id NOT IN (SELECT id FROM kept WHERE id IS NOT NULL)
              AND (v.pushed_at < @cutoff OR v.id NOT IN (SELECT id FROM recent))
            RETURNING v.id, v.pushed_at, v.pushed_at < @cutoff AS old, v.id NOT IN (SELECT id FROM recent) AS excess)
        SELECT COUNT(*), MIN(id), MAX(id), MIN(pushed_at), MAX(pushed_at), COALESCE(bool_or(old), false), COALESCE(bool_or(excess), false) FROM gone
        """;

    /// <summary>
    /// Prunes as of <paramref name="now"/>; an instance is live when it reported within <paramref name="liveWithin"/>.
    /// Null when another instance is pruning.
    /// </summary>
    public async Task<ConfigPruneReport?> PruneAsync(TimeSpan maxAge, int keep, TimeSpan liveWithin, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", connection, transaction))
        {
            tryLock.Parameters.AddWithValue("key", LockKey);
            if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
            {
                return null;
            }
        }
        ConfigPruneReport report;
        await using (var prune = new NpgsqlCommand(Prune, connection, transaction))
        {
            prune.Parameters.AddWithValue("live", liveWithin);
            prune.Parameters.AddWithValue("keep", (long)keep);
            prune.Parameters.AddWithValue("cutoff", now - maxAge);
            await using var reader = await prune.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            report = reader.GetInt64(0) == 0
                ? new ConfigPruneReport(0, null, null, null, null, false, false)
                : new ConfigPruneReport(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5), reader.GetBoolean(6));
        }
        await transaction.CommitAsync(cancellationToken);
        return report;
    }
}
