using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Npgsql;
using NpgsqlTypes;

namespace Fulcrum.Fleet;

/// <summary>The window counts: each instance's report, and the fleet view's read of every live instance's.</summary>
internal sealed partial class FleetStore
{
    /// <summary>
    /// The fleet view's read, one round trip: each live instance's packed report (one row per instance,
    /// <see cref="CountsPacking"/>), then the per-destination rows of live instances that have none (an instance of an
    /// earlier version, during a rolling upgrade; none otherwise). Driven by the live instances, no ORDER BY: the client
    /// orders the few rows (bench/RESULTS.md "fleet2", "fleet3").
    /// </summary>
    private const string LivePackedSql =
        """
        SELECT b.instance, b.counts
        FROM fulcrum_instances i JOIN fulcrum_instance_counts b ON b.instance = i.name
        WHERE i.heartbeat > now() - $1
        """;

    internal const string LiveLegacySql =
        """
        SELECT c.instance, c.cluster, c.policy, c.judged_as, c.position, c.destination, c.weight, c.eligible, c.capacity,
               c.effective_weight, c.requests, c.failures, c.avg_in_flight, c.latency_packed,
               CASE WHEN cardinality(c.latency) > 0 THEN c.latency END
        FROM fulcrum_instances i JOIN fulcrum_window_counts c ON c.instance = i.name
        WHERE i.heartbeat > now() - $1 AND NOT EXISTS (SELECT 1 FROM fulcrum_instance_counts b WHERE b.instance = i.name)
        """;

    /// <summary>
    /// The instance's whole report as one row (an in-place, HOT update at each report), and away with any rows an
    /// earlier version of it wrote per destination, so the view reads it once.
    /// </summary>
    private static void AddCounts(NpgsqlBatch batch, string instance, IReadOnlyList<ClusterCounts> clusters)
    {
        var upsert = new NpgsqlBatchCommand(
            """
            INSERT INTO fulcrum_instance_counts (instance, reported_at, counts) VALUES ($1, now(), $2)
            ON CONFLICT (instance) DO UPDATE SET reported_at = EXCLUDED.reported_at, counts = EXCLUDED.counts
            """);
        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instance });
        upsert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = CountsPacking.Pack(clusters) });
        batch.BatchCommands.Add(upsert);
        var legacy = new NpgsqlBatchCommand("DELETE FROM fulcrum_window_counts WHERE instance = $1");
        legacy.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instance });
        batch.BatchCommands.Add(legacy);
    }

    /// <summary>
    /// The window counts of every live instance (heartbeat within <paramref name="liveWithin"/>), by instance then
    /// cluster (ordinal), destinations in config order. The batch is prepared on the pooled connection (once per
    /// physical connection), since the view runs every few seconds on every instance. An instance whose report cannot
    /// be read (a newer layout, a damaged row) is left out like a silent one and named to <paramref name="unreadable"/>
    /// with the reason, so one bad row neither fails every view nor stops the fleet's alert evaluation.
    /// </summary>
    public async Task<IReadOnlyList<ClusterCounts>> LiveCountsAsync(TimeSpan liveWithin, CancellationToken cancellationToken, Action<string, string>? unreadable = null)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var sql in new[] { LivePackedSql, LiveLegacySql })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<TimeSpan> { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = liveWithin });
            batch.BatchCommands.Add(command);
        }
        await batch.PrepareAsync(cancellationToken);
        var result = new List<ClusterCounts>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var instance = reader.GetString(0);
            try
            {
                result.AddRange(CountsPacking.Unpack(instance, reader.GetFieldValue<byte[]>(1)));
            }
            catch (FormatException e)
            {
                unreadable?.Invoke(instance, e.Message);
            }
        }
        await reader.NextResultAsync(cancellationToken);
        result.AddRange(await ReadLegacyAsync(reader, cancellationToken));
        var ordered = result.ToArray();
        Array.Sort(ordered, static (a, b) => string.CompareOrdinal(a.Instance, b.Instance) is var c and not 0 ? c : string.CompareOrdinal(a.Cluster, b.Cluster));
        return ordered;
    }

    /// <summary>Rows in the per-destination layout of earlier versions, grouped by instance and cluster, in config order.</summary>
    internal static async Task<IEnumerable<ClusterCounts>> ReadLegacyAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<(string Instance, string Cluster), CountsGroup>();
        CountsGroup? last = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var instance = reader.GetString(0);
            var cluster = reader.GetString(1);
            // An instance's rows mostly lie together (one upsert writes them, HOT updates keep them in place).
            var group = last is not null && string.Equals(last.Instance, instance, StringComparison.Ordinal) && string.Equals(last.Cluster, cluster, StringComparison.Ordinal)
                ? last
                : groups.GetValueOrDefault((instance, cluster));
            if (group is null)
            {
                var judgedAs = !reader.IsDBNull(3) && Policies.TryParse(reader.GetString(3), out var kind) ? kind : (PolicyKind?)null;
                group = new CountsGroup(instance, cluster, reader.GetString(2), judgedAs);
                groups.Add((instance, cluster), group);
            }
            last = group;
            var latency = !reader.IsDBNull(14) ? reader.GetFieldValue<long[]>(14)
                : !reader.IsDBNull(13) ? LatencyPacking.Unpack(reader.GetFieldValue<byte[]>(13), LatencyBuckets.Count)
                : new long[LatencyBuckets.Count];
            var window = new DestinationWindow(
                reader.GetString(5), reader.GetInt32(6), reader.GetBoolean(7), reader.IsDBNull(8) ? null : reader.GetDouble(8),
                reader.GetDouble(9), reader.GetInt64(10), reader.GetInt64(11),
                LatencyBuckets.Quantile(latency, 0.50), LatencyBuckets.Quantile(latency, 0.99),
                reader.IsDBNull(12) ? null : reader.GetDouble(12));
            group.Add(reader.GetInt32(4), new DestinationCounts(window, latency));
        }
        return groups.Values.Select(g => g.ToCounts());
    }

    /// <summary>
    /// Deletes the window counts of instances silent for longer than <paramref name="silentFor"/> (by the database
    /// clock): the view never reads them, and with default instance names (host and pid) every restart leaves a dead
    /// instance's rows behind. The instance's own row stays, shown as down; a returning instance writes its rows anew.
    /// </summary>
    public async Task<long> PruneSilentCountsAsync(TimeSpan silentFor, CancellationToken cancellationToken)
    {
        await using var batch = _source.CreateBatch();
        foreach (var table in new[] { "fulcrum_instance_counts", "fulcrum_window_counts" })
        {
            var command = new NpgsqlBatchCommand($"DELETE FROM {table} c USING fulcrum_instances i WHERE i.name = c.instance AND i.heartbeat < now() - $1");
            command.Parameters.Add(new NpgsqlParameter<TimeSpan> { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = silentFor });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands.Cast<NpgsqlBatchCommand>().Sum(c => (long)c.RecordsAffected);
    }

    /// <summary>One instance's rows of one cluster as read, put in config order at the end.</summary>
    private sealed class CountsGroup(string instance, string cluster, string policy, PolicyKind? judgedAs)
    {
        private readonly List<(int Position, DestinationCounts Counts)> _rows = new(4);
        private bool _ordered = true;

        public string Instance => instance;

        public string Cluster => cluster;

        public void Add(int position, DestinationCounts counts)
        {
            _ordered &= _rows.Count == 0 || _rows[^1].Position < position;
            _rows.Add((position, counts));
        }

        public ClusterCounts ToCounts()
        {
            if (!_ordered)
            {
                _rows.Sort(static (a, b) => a.Position.CompareTo(b.Position));
            }
            var destinations = new DestinationCounts[_rows.Count];
            for (var i = 0; i < destinations.Length; i++)
            {
                destinations[i] = _rows[i].Counts;
            }
            return new ClusterCounts(instance, cluster, policy, destinations, judgedAs);
        }
    }
}
