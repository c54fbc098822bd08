using System.Text;
using Fulcrum.Journal;
using Npgsql;

namespace Fulcrum.Fleet;

/// <summary>
/// The fleet journal in PostgreSQL (<c>fulcrum_events</c>): the columns of the SQLite journal plus the instance that
/// wrote each event, the journal file it came from and its id there. Events arrive through
/// <see cref="FleetJournalShipper"/> from each instance's own journal, which is the spool while the store is away;
/// (journal, local id) is unique, so a delivery repeated after a lost acknowledgement stores nothing twice.
/// Reads give every instance's events, each naming its <see cref="JournalEvent.Instance"/>; ids are the store's own,
/// so "id greater than N" follows the fleet's journal as it follows a file.
/// </summary>
internal sealed class FleetJournal(FleetStore store) : IJournalReader
{
    private const string Columns = "id, time_ms, kind, cluster, destination, summary, details, alert_id, instance";

    public string Location => "fleet store (PostgreSQL, every instance)";

    /// <summary>
    /// The highest local id of <paramref name="journalId"/> the store took (0 for none): where delivery resumes. Read from
    /// the delivery mark, which pruning leaves alone, or from the events for a store written before the mark existed.
    /// </summary>
    public async Task<long> DeliveredUpToAsync(string journalId, CancellationToken cancellationToken)
    {
        await using var command = store.Source.CreateCommand(
            """
            SELECT GREATEST((SELECT local_id FROM fulcrum_journal_delivered WHERE journal = @journal),
                            (SELECT MAX(local_id) FROM fulcrum_events WHERE journal = @journal), 0)
            """);
        command.Parameters.AddWithValue("journal", journalId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Stores <paramref name="events"/> (local id order) and moves the journal's delivery mark, in one statement (one
    /// transaction); events already there are skipped.
    /// </summary>
    public async Task DeliverAsync(string journalId, string instance, IReadOnlyList<JournalEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }
        // One statement for the batch: arrays unnested server-side WITH ORDINALITY, inserted in local order.
        await using var command = store.Source.CreateCommand(
            """
            WITH mark AS (
                INSERT INTO fulcrum_journal_delivered (journal, instance, local_id) VALUES (@journal, @instance, @last)
                ON CONFLICT (journal) DO UPDATE SET instance = EXCLUDED.instance,
                    local_id = GREATEST(fulcrum_journal_delivered.local_id, EXCLUDED.local_id))
            INSERT INTO fulcrum_events (instance, journal, local_id, time_ms, kind, cluster, destination, summary, details, alert_id)
            SELECT @instance, @journal, e.local_id, e.time_ms, e.kind, e.cluster, e.destination, e.summary, e.details, e.alert_id
            FROM unnest(@local_id, @time_ms, @kind, @cluster, @destination, @summary, @details, @alert_id) WITH ORDINALITY
                AS e(local_id, time_ms, kind, cluster, destination, summary, details, alert_id, n)
            ORDER BY e.n
            ON CONFLICT (journal, local_id) DO NOTHING
            """);
        var p = command.Parameters;
        p.AddWithValue("instance", instance);
        p.AddWithValue("journal", journalId);
        p.AddWithValue("last", events[^1].Id);
        p.AddWithValue("local_id", events.Select(e => e.Id).ToArray());
        p.AddWithValue("time_ms", events.Select(e => e.Time.ToUnixTimeMilliseconds()).ToArray());
        p.AddWithValue("kind", events.Select(e => e.Kind).ToArray());
        p.AddWithValue("cluster", events.Select(e => e.Cluster).ToArray());
        p.AddWithValue("destination", events.Select(e => e.Destination).ToArray());
        p.AddWithValue("summary", events.Select(e => e.Summary).ToArray());
        p.AddWithValue("details", events.Select(e => e.Details).ToArray());
        p.AddWithValue("alert_id", events.Select(e => e.AlertId).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public IReadOnlyList<JournalEvent> Read(
        long? sinceId = null,
        DateTimeOffset? since = null,
        DateTimeOffset? until = null,
        int limit = EventJournal.DefaultReadLimit,
        IReadOnlyCollection<string>? kinds = null) =>
        Query(ReadWhere(sinceId, since, until, kinds), ById(limit));

    public IReadOnlyList<JournalEvent> ReadLatest(int count)
    {
        var newestFirst = Query(new Where(), Newest(count));
        newestFirst.Reverse();
        return newestFirst;
    }

    public async Task<IReadOnlyList<JournalEvent>> ReadAsync(long? sinceId = null, DateTimeOffset? since = null, DateTimeOffset? until = null,
        int limit = EventJournal.DefaultReadLimit, IReadOnlyCollection<string>? kinds = null, CancellationToken cancellationToken = default) =>
        await QueryAsync(ReadWhere(sinceId, since, until, kinds), ById(limit), cancellationToken);

    public async Task<IReadOnlyList<JournalEvent>> ReadLatestAsync(int count, CancellationToken cancellationToken = default)
    {
        var newestFirst = await QueryAsync(new Where(), Newest(count), cancellationToken);
        newestFirst.Reverse();
        return newestFirst;
    }

    private static Where ReadWhere(long? sinceId, DateTimeOffset? since, DateTimeOffset? until, IReadOnlyCollection<string>? kinds)
    {
        var where = new Where();
        if (sinceId is { } id)
        {
            where.Add("id > @since_id", "since_id", id);
        }
        if (since is { } from)
        {
            where.Add("time_ms >= @since", "since", from.ToUnixTimeMilliseconds());
        }
        if (until is { } to)
        {
            where.Add("time_ms <= @until", "until", to.ToUnixTimeMilliseconds());
        }
        if (kinds is not null)
        {
            where.Add("kind = ANY(@kinds)", "kinds", kinds.ToArray());
        }
        return where;
    }

    private static string ById(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return $"ORDER BY id LIMIT {limit}";
    }

    private static string Newest(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return $"ORDER BY id DESC LIMIT {count}";
    }

    public JournalEvent? FindLatest(IReadOnlyCollection<string> kinds, string? cluster, DateTimeOffset before) =>
        Query(LatestWhere(kinds, cluster, before), LatestFirst).FirstOrDefault();

    public async Task<JournalEvent?> FindLatestAsync(IReadOnlyCollection<string> kinds, string? cluster, DateTimeOffset before, CancellationToken cancellationToken = default) =>
        (await QueryAsync(LatestWhere(kinds, cluster, before), LatestFirst, cancellationToken)).FirstOrDefault();

    private const string LatestFirst = "ORDER BY time_ms DESC, id DESC LIMIT 1";

    private static Where LatestWhere(IReadOnlyCollection<string> kinds, string? cluster, DateTimeOffset before)
    {
        var where = new Where();
        where.Add("kind = ANY(@kinds)", "kinds", kinds.ToArray());
        where.Add("time_ms < @before", "before", before.ToUnixTimeMilliseconds());
        if (cluster is not null)
        {
            where.Add("(cluster = @cluster OR cluster IS NULL)", "cluster", cluster);
        }
        return where;
    }

    /// <summary>
    /// The fleet's config in force at <paramref name="end"/>: the newest version published by then, as a config record
    /// (clean unless it was forced), for the postmortem's corrective actions.
    /// </summary>
    public async Task<ConfigRecord?> ConfigAppliedByAsync(DateTimeOffset end, CancellationToken cancellationToken)
    {
        await using var command = store.Source.CreateCommand(
            "SELECT id, pushed_at, yaml, forced FROM fulcrum_config_versions WHERE pushed_at <= @end ORDER BY id DESC LIMIT 1");
        command.Parameters.AddWithValue("end", end);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ConfigRecord(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), !reader.GetBoolean(3), null)
            : null;
    }

    private List<JournalEvent> Query(Where where, string orderAndLimit)
    {
        using var command = Command(where, orderAndLimit);
        var result = new List<JournalEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(ReadEvent(reader));
        }
        return result;
    }

    private async Task<List<JournalEvent>> QueryAsync(Where where, string orderAndLimit, CancellationToken cancellationToken)
    {
        await using var command = Command(where, orderAndLimit);
        var result = new List<JournalEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(ReadEvent(reader));
        }
        return result;
    }

    private NpgsqlCommand Command(Where where, string orderAndLimit)
    {
        var sql = new StringBuilder("SELECT ").Append(Columns).Append(" FROM fulcrum_events");
        if (where.Conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where.Conditions);
        }
        sql.Append(' ').Append(orderAndLimit);
        var command = store.Source.CreateCommand(sql.ToString());
        foreach (var (name, value) in where.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }

    private static JournalEvent ReadEvent(NpgsqlDataReader reader) => JournalStore.ReadEvent(reader) with { Instance = reader.GetString(8) };

    /// <summary>Conditions with named parameters, so no caller value is ever spliced into SQL.</summary>
    private sealed class Where
    {
        public List<string> Conditions { get; } = [];

        public List<(string Name, object Value)> Parameters { get; } = [];

        public void Add(string condition, string name, object value)
        {
            Conditions.Add(condition);
            Parameters.Add((name, value));
        }
    }
}
