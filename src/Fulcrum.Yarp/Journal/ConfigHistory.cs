namespace Fulcrum.Journal;

/// <summary>The config_history table: applied configs' YAML and whether each served cleanly, for rollback.</summary>
internal sealed class ConfigHistory(JournalStore store, TimeProvider time)
{
    private const string Columns = "id, applied_ms, yaml, served_clean, event_id";

    public long Record(string yaml, long? eventId, string? auditKey = null, string? audit = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return (long)store.Write(
            "INSERT INTO config_history (applied_ms, yaml, served_clean, event_id, audit_key, audit) "
            + "VALUES ($at, $yaml, 0, $event, $auditKey, $audit) RETURNING id",
            ("$at", time.GetUtcNow().ToUnixTimeMilliseconds()),
            ("$yaml", yaml),
            ("$event", eventId),
            ("$auditKey", auditKey),
            ("$audit", audit))!;
    }

    /// <summary>The newest config recorded with this audit key and its stored audit, or null.</summary>
    public (long ConfigId, string Findings)? FindAudit(string key)
    {
        using var connection = store.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, audit FROM config_history WHERE audit_key = $key AND audit IS NOT NULL ORDER BY id DESC LIMIT 1";
        JournalStore.Bind(command, [("$key", key)]);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public void MarkClean(long configId) =>
        store.Write("UPDATE config_history SET served_clean = 1 WHERE id = $id", ("$id", configId));

    public ConfigRecord? Get(long configId) => QueryOne("WHERE id = $id", ("$id", configId));

    public ConfigRecord? Latest() => QueryOne("ORDER BY id DESC LIMIT 1");

    public ConfigRecord? LastCleanBefore(long currentId) =>
        QueryOne(
            "WHERE id < $current AND served_clean = 1 "
            + "AND yaml IS NOT (SELECT yaml FROM config_history WHERE id = $current) ORDER BY id DESC LIMIT 1",
            ("$current", currentId));

    private ConfigRecord? QueryOne(string rest, params (string Name, object? Value)[] parameters)
    {
        using var connection = store.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM config_history {rest}";
        JournalStore.Bind(command, parameters);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        return new ConfigRecord(
            reader.GetInt64(0),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.GetString(2),
            reader.GetInt64(3) != 0,
            reader.IsDBNull(4) ? null : reader.GetInt64(4));
    }
}
