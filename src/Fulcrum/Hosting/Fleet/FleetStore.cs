using System.Security.Cryptography;
using System.Text;
using Fulcrum.Core.Fairness;
using Npgsql;

namespace Fulcrum.Fleet;

/// <summary>
/// The fleet's PostgreSQL store: config versions, instances with heartbeats, window counts. Times that decide
/// liveness come from the database clock, so instances on hosts with skewed clocks still agree on who is live.
/// Every call opens a pooled connection; failures surface as <see cref="NpgsqlException"/> for the caller to handle.
/// </summary>
internal sealed partial class FleetStore : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public FleetStore(string connectionString)
    {
        _source = NpgsqlDataSource.Create(connectionString);
    }

    public NpgsqlDataSource Source => _source;

    /// <summary>Opens a connection of its own (LISTEN needs one that stays open).</summary>
    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => _source.OpenConnectionAsync(cancellationToken);

    /// <summary>Creates or upgrades the schema the first time the store is reached (again after a failure).</summary>
    public async Task EnsureSchemaOnceAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (!_schemaReady)
            {
                await EnsureSchemaAsync(cancellationToken);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", FleetSchema.SchemaLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var command = new NpgsqlCommand(FleetSchema.Ddl, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Stores a new version and announces it (the NOTIFY is delivered when the transaction commits).</summary>
    public async Task<long> PublishAsync(string yaml, string pushedBy, string findingsJson, bool forced, string? reason, long? rollbackOf, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO fulcrum_config_versions (yaml, sha256, pushed_by, findings, forced, reason, rollback_of)
            VALUES (@yaml, @sha, @by, @findings::jsonb, @forced, @reason, @rollback) RETURNING id
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("yaml", yaml);
            insert.Parameters.AddWithValue("sha", Sha256(yaml));
            insert.Parameters.AddWithValue("by", pushedBy);
            insert.Parameters.AddWithValue("findings", findingsJson);
            insert.Parameters.AddWithValue("forced", forced);
            insert.Parameters.AddWithValue("reason", (object?)reason ?? DBNull.Value);
            insert.Parameters.AddWithValue("rollback", (object?)rollbackOf ?? DBNull.Value);
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }
        await using (var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @id)", connection, transaction))
        {
            notify.Parameters.AddWithValue("channel", FleetSchema.ConfigChannel);
            notify.Parameters.AddWithValue("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public Task<ConfigVersion?> LatestVersionAsync(CancellationToken cancellationToken) =>
        ReadVersionAsync("SELECT * FROM fulcrum_config_versions ORDER BY id DESC LIMIT 1", null, cancellationToken);

    /// <summary>The newest version before <paramref name="beforeId"/> published without being forced past error findings.</summary>
    public Task<ConfigVersion?> LastCleanBeforeAsync(long beforeId, CancellationToken cancellationToken) =>
        ReadVersionAsync("SELECT * FROM fulcrum_config_versions WHERE id < @id AND NOT forced ORDER BY id DESC LIMIT 1", beforeId, cancellationToken);

    private async Task<ConfigVersion?> ReadVersionAsync(string sql, long? id, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(sql);
        if (id is not null)
        {
            command.Parameters.AddWithValue("id", id.Value);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new ConfigVersion(
            reader.GetInt64(reader.GetOrdinal("id")), reader.GetString(reader.GetOrdinal("yaml")), reader.GetString(reader.GetOrdinal("sha256")),
            reader.GetString(reader.GetOrdinal("pushed_by")), reader.GetFieldValue<DateTimeOffset>(reader.GetOrdinal("pushed_at")),
            reader.GetString(reader.GetOrdinal("findings")), reader.GetBoolean(reader.GetOrdinal("forced")),
            reader.IsDBNull(reader.GetOrdinal("reason")) ? null : reader.GetString(reader.GetOrdinal("reason")),
            reader.IsDBNull(reader.GetOrdinal("rollback_of")) ? null : reader.GetInt64(reader.GetOrdinal("rollback_of")));
    }

    /// <summary>
    /// Heartbeat, version state and the instance's window counts in one batch, so one round trip and one transaction:
    /// a reader never sees the heartbeat of one report with the counts of another.
    /// </summary>
    public async Task ReportAsync(InstanceReport report, IReadOnlyList<ClusterCounts> clusters, CancellationToken cancellationToken)
    {
        await using var batch = _source.CreateBatch();
        var upsert = new NpgsqlBatchCommand(
            """
            INSERT INTO fulcrum_instances (name, pid, address, admin_url, version_served, version_refused, refused_reason, started_at, heartbeat)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
            ON CONFLICT (name) DO UPDATE SET pid = EXCLUDED.pid, address = EXCLUDED.address, admin_url = EXCLUDED.admin_url,
                version_served = EXCLUDED.version_served, version_refused = EXCLUDED.version_refused,
                refused_reason = EXCLUDED.refused_reason, started_at = EXCLUDED.started_at, heartbeat = now()
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter<string> { TypedValue = report.Name });
        p.Add(new NpgsqlParameter<int> { TypedValue = report.Pid });
        p.Add(new NpgsqlParameter<string> { TypedValue = report.Address });
        p.Add(new NpgsqlParameter<string> { TypedValue = report.AdminUrl });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint, Value = (object?)report.VersionServed ?? DBNull.Value });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint, Value = (object?)report.VersionRefused ?? DBNull.Value });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = (object?)report.RefusedReason ?? DBNull.Value });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = report.StartedAt });
        batch.BatchCommands.Add(upsert);
        AddCounts(batch, report.Name, clusters);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every instance; live ones heartbeat within <paramref name="liveWithin"/> of the database's now.</summary>
    public async Task<IReadOnlyList<InstanceRow>> InstancesAsync(TimeSpan liveWithin, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            """
            SELECT name, pid, address, admin_url, version_served, version_refused, refused_reason, started_at, heartbeat,
                   heartbeat > now() - @live AS live
            FROM fulcrum_instances ORDER BY name
            """);
        command.Parameters.AddWithValue("live", liveWithin);
        var rows = new List<InstanceRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new InstanceRow(
                reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetBoolean(9)));
        }
        return rows;
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
