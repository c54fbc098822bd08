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
    public async Task<IReadOnlyList<ClusterCounts>> LiveCountsAsync(TimeSpan liveWithin, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(LiveCountsSql, connection);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("live", NpgsqlDbType.Interval) { TypedValue = liveWithin });
        await command.PrepareAsync(cancellationToken);
        var groups = new Dictionary<(string Instance, string Cluster), CountsGroup>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetString(0), reader.GetString(1));
            if (!groups.TryGetValue(key, out var group))
            {
                var judgedAs = !reader.IsDBNull(3) && Policies.TryParse(reader.GetString(3), out var kind) ? kind : (PolicyKind?)null;
                group = new CountsGroup(reader.GetString(2), judgedAs);
                groups.Add(key, group);
            }
            var latency = !reader.IsDBNull(14) ? reader.GetFieldValue<long[]>(14)
                : !reader.IsDBNull(13) ? LatencyPacking.Unpack(reader.GetFieldValue<byte[]>(13), LatencyBuckets.Count)
                : new long[LatencyBuckets.Count];
            var window = new DestinationWindow(
                reader.GetString(5), reader.GetInt32(6), reader.GetBoolean(7), reader.IsDBNull(8) ? null : reader.GetDouble(8),
                reader.GetDouble(9), reader.GetInt64(10), reader.GetInt64(11),
                LatencyBuckets.Quantile(latency, 0.50), LatencyBuckets.Quantile(latency, 0.99),
                reader.IsDBNull(12) ? null : reader.GetDouble(12));
            group.Rows.Add((reader.GetInt32(4), new DestinationCounts(window, latency)));
        }
        return groups
            .OrderBy(g => g.Key.Instance, StringComparer.Ordinal).ThenBy(g => g.Key.Cluster, StringComparer.Ordinal)
            .Select(g => new ClusterCounts(g.Key.Instance, g.Key.Cluster, g.Value.Policy,
                g.Value.Rows.OrderBy(r => r.Position).Select(r => r.Counts).ToArray(), g.Value.JudgedAs))
            .ToArray();
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

    private sealed record CountsGroup(string Policy, PolicyKind? JudgedAs)
    {
        public List<(int Position, DestinationCounts Counts)> Rows { get; } = [];
    }
}
