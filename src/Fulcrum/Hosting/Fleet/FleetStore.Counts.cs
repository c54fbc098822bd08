using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Npgsql;
using NpgsqlTypes;

namespace Fulcrum.Fleet;

/// <summary>The window counts: each instance's upsert, and the fleet view's read of every live instance's rows.</summary>
internal sealed partial class FleetStore
{
    /// <summary>
    /// Driven by the live instances, so the primary key (instance first) can fetch their rows when rows of dead
    /// instances pile up. No ORDER BY: the rows are grouped and ordered by the client, which spares the server a sort
    /// of every row (most of the server's part of the view; bench/RESULTS.md "fleet2").
    /// </summary>
    private const string LiveCountsSql =
        """
        SELECT c.instance, c.cluster, c.policy, c.judged_as, c.position, c.destination, c.weight, c.eligible, c.capacity,
               c.effective_weight, c.requests, c.failures, c.avg_in_flight, c.latency_packed,
               CASE WHEN cardinality(c.latency) > 0 THEN c.latency END
        FROM fulcrum_instances i JOIN fulcrum_window_counts c ON c.instance = i.name
        WHERE i.heartbeat > now() - @live
        """;

    /// <summary>
    /// One statement for all the instance's rows (arrays unnested server-side). Updates in place rather than delete and
    /// insert: with the table's fillfactor they are HOT updates, so the table does not bloat between vacuums and the
    /// fleet view keeps reading few pages (bench/RESULTS.md).
    /// </summary>
    private static async Task UpsertCountsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string instance,
        IReadOnlyList<ClusterCounts> clusters, DateTimeOffset stamp, CancellationToken cancellationToken)
    {
        var rows = clusters.SelectMany(c => c.Destinations.Select((d, i) => (Cluster: c, d.Window, d.Latency, Position: i))).ToArray();
        if (rows.Length == 0)
        {
            return;
        }
        await using var upsert = new NpgsqlCommand(
            """
            INSERT INTO fulcrum_window_counts (instance, cluster, destination, position, policy, judged_as, weight, eligible, capacity,
                effective_weight, requests, failures, latency, latency_packed, avg_in_flight, reported_at)
            SELECT @instance, r.cluster, r.destination, r.position, r.policy, r.judged_as, r.weight, r.eligible, r.capacity,
                r.effective_weight, r.requests, r.failures, '{}', r.latency_packed, r.avg_in_flight, @stamp
            FROM unnest(@cluster, @destination, @position, @policy, @judged, @weight, @eligible, @capacity, @effective, @requests, @failures, @latency, @inflight)
                AS r(cluster, destination, position, policy, judged_as, weight, eligible, capacity, effective_weight, requests, failures, latency_packed, avg_in_flight)
            ON CONFLICT (instance, cluster, destination) DO UPDATE SET position = EXCLUDED.position, policy = EXCLUDED.policy,
                judged_as = EXCLUDED.judged_as, weight = EXCLUDED.weight, eligible = EXCLUDED.eligible, capacity = EXCLUDED.capacity,
                effective_weight = EXCLUDED.effective_weight, requests = EXCLUDED.requests, failures = EXCLUDED.failures,
                latency = EXCLUDED.latency, latency_packed = EXCLUDED.latency_packed, avg_in_flight = EXCLUDED.avg_in_flight, reported_at = EXCLUDED.reported_at
            """, connection, transaction);
        upsert.Parameters.AddWithValue("instance", instance);
        upsert.Parameters.AddWithValue("stamp", stamp);
        upsert.Parameters.AddWithValue("cluster", rows.Select(r => r.Cluster.Cluster).ToArray());
        upsert.Parameters.AddWithValue("destination", rows.Select(r => r.Window.Name).ToArray());
        upsert.Parameters.AddWithValue("position", rows.Select(r => r.Position).ToArray());
        upsert.Parameters.AddWithValue("policy", rows.Select(r => r.Cluster.Policy).ToArray());
        upsert.Parameters.AddWithValue("judged", NpgsqlDbType.Array | NpgsqlDbType.Text,
            rows.Select(r => r.Cluster.JudgedAs is { } kind ? Policies.Name(kind) : null).ToArray());
        upsert.Parameters.AddWithValue("weight", rows.Select(r => r.Window.Weight).ToArray());
        upsert.Parameters.AddWithValue("eligible", rows.Select(r => r.Window.Eligible).ToArray());
        upsert.Parameters.AddWithValue("capacity", NpgsqlDbType.Array | NpgsqlDbType.Double, rows.Select(r => r.Window.Capacity).ToArray());
        upsert.Parameters.AddWithValue("effective", rows.Select(r => r.Window.EffectiveWeight).ToArray());
        upsert.Parameters.AddWithValue("requests", rows.Select(r => r.Window.Requests).ToArray());
        upsert.Parameters.AddWithValue("failures", rows.Select(r => r.Window.Failures).ToArray());
        upsert.Parameters.AddWithValue("latency", rows.Select(r => LatencyPacking.Pack(r.Latency)).ToArray());
        upsert.Parameters.AddWithValue("inflight", NpgsqlDbType.Array | NpgsqlDbType.Double, rows.Select(r => r.Window.AverageInFlight).ToArray());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The window counts of every live instance (heartbeat within <paramref name="liveWithin"/>), by instance then
    /// cluster (ordinal), destinations in config order. Histograms come packed (<see cref="LatencyPacking"/>); a row
    /// written by the previous version carries its <c>bigint[]</c> instead. The statement is prepared on the pooled
    /// connection (once per physical connection), since the view runs every few seconds on every instance.
    /// </summary>
    public Task<IReadOnlyList<ClusterCounts>> LiveCountsAsync(TimeSpan liveWithin, CancellationToken cancellationToken) =>
        LiveCountsAsync(liveWithin, prepare: true, cancellationToken);

    /// <summary><see cref="LiveCountsAsync(TimeSpan, CancellationToken)"/>, prepared or not (bench/FleetBench compares them).</summary>
    internal async Task<IReadOnlyList<ClusterCounts>> LiveCountsAsync(TimeSpan liveWithin, bool prepare, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(LiveCountsSql, connection);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("live", NpgsqlDbType.Interval) { TypedValue = liveWithin });
        if (prepare)
        {
            await command.PrepareAsync(cancellationToken);
        }
        var groups = new Dictionary<(string Instance, string Cluster), CountsGroup>();
        CountsGroup? last = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
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
        var result = groups.Values.ToArray();
        Array.Sort(result, static (a, b) => string.CompareOrdinal(a.Instance, b.Instance) is var c and not 0 ? c : string.CompareOrdinal(a.Cluster, b.Cluster));
        return Array.ConvertAll(result, g => g.ToCounts());
    }

    /// <summary>
    /// Deletes the window counts of instances silent for longer than <paramref name="silentFor"/> (by the database
    /// clock): the view never reads them, and with default instance names (host and pid) every restart leaves a dead
    /// instance's rows behind. The instance's own row stays, shown as down; a returning instance writes its rows anew.
    /// </summary>
    public async Task<long> PruneSilentCountsAsync(TimeSpan silentFor, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            "DELETE FROM fulcrum_window_counts c USING fulcrum_instances i WHERE i.name = c.instance AND i.heartbeat < now() - @silent");
        command.Parameters.AddWithValue("silent", silentFor);
        return await command.ExecuteNonQueryAsync(cancellationToken);
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
