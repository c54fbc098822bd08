using System.Diagnostics;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Fleet;

/// <summary>
/// The fleet view before and after histograms were packed, in one run (so the ratio holds on a noisy host): the rows
/// the writers left are copied into a table in the previous layout (<c>latency bigint[]</c>), and the previous
/// read (arrays decoded by Npgsql) takes turns with <see cref="FleetStore.LiveCountsAsync"/>, both with the judge.
/// </summary>
internal static class FleetViewBaseline
{
    private const string Legacy = "fleetbench_legacy_counts";

    public static async Task RunAsync(FleetStore store, int rounds)
    {
        var counts = await store.LiveCountsAsync(TimeSpan.FromHours(1), CancellationToken.None);
        var rows = counts.SelectMany(c => c.Destinations.Select(d => (c.Instance, c.Cluster, d.Window.Name, d.Latency))).ToArray();
        await Exec(store, $"DROP TABLE IF EXISTS {Legacy}");
        await Exec(store, $"CREATE TABLE {Legacy} (LIKE fulcrum_window_counts INCLUDING ALL) WITH (fillfactor = 40)");
        await Exec(store, $"INSERT INTO {Legacy} SELECT * FROM fulcrum_window_counts");
        await using (var update = store.Source.CreateCommand(
            $"""
            UPDATE {Legacy} l SET latency = x.latency::bigint[], latency_packed = NULL
            FROM unnest(@instance, @cluster, @destination, @latency) AS x(instance, cluster, destination, latency)
            WHERE l.instance = x.instance AND l.cluster = x.cluster AND l.destination = x.destination
            """))
        {
            update.Parameters.AddWithValue("instance", rows.Select(r => r.Instance).ToArray());
            update.Parameters.AddWithValue("cluster", rows.Select(r => r.Cluster).ToArray());
            update.Parameters.AddWithValue("destination", rows.Select(r => r.Name).ToArray());
            update.Parameters.AddWithValue("latency", rows.Select(r => "{" + string.Join(',', r.Latency) + "}").ToArray());
            await update.ExecuteNonQueryAsync();
        }
        // Same physical state for both: rewritten at fillfactor 40, fresh statistics.
        await Exec(store, $"VACUUM (FULL, ANALYZE) {Legacy}");
        await Exec(store, "VACUUM (FULL, ANALYZE) fulcrum_window_counts");

        var before = new List<double>();
        var after = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            var legacy = FleetAggregation.Judge(await LegacyCountsAsync(store), FairnessConfig.Default);
            before.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            var packed = FleetAggregation.Judge(await store.LiveCountsAsync(TimeSpan.FromHours(1), CancellationToken.None), FairnessConfig.Default);
            after.Add(clock.Elapsed.TotalMilliseconds);
            if (i == 0 && !Same(legacy, packed))
            {
                Console.Error.WriteLine("the packed view differs from the bigint[] view");
            }
        }
        await Exec(store, $"DROP TABLE {Legacy}");
        Console.WriteLine($"fleet view, writers stopped, {rounds} reads taking turns: bigint[] histograms (previous) p50 {P(before, 0.5):0.0} ms, min {before.Min():0.0} ms; "
            + $"packed (now) p50 {P(after, 0.5):0.0} ms, min {after.Min():0.0} ms; ratio of p50s {P(before, 0.5) / P(after, 0.5):0.0}x");
    }

    /// <summary>The read as it was: every row's histogram as a <c>bigint[]</c>.</summary>
    private static async Task<List<ClusterCounts>> LegacyCountsAsync(FleetStore store)
    {
        await using var command = store.Source.CreateCommand(
            $"""
            SELECT c.instance, c.cluster, c.policy, c.destination, c.weight, c.eligible, c.capacity, c.effective_weight,
                   c.requests, c.failures, c.latency, c.avg_in_flight
            FROM {Legacy} c JOIN fulcrum_instances i ON i.name = c.instance
            WHERE i.heartbeat > now() - interval '1 hour'
            ORDER BY c.instance, c.cluster, c.position
            """);
        var result = new List<ClusterCounts>();
        List<DestinationCounts>? current = null;
        (string, string) key = ("", "");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var instance = reader.GetString(0);
            var cluster = reader.GetString(1);
            if (current is null || key != (instance, cluster))
            {
                current = [];
                key = (instance, cluster);
                result.Add(new ClusterCounts(instance, cluster, reader.GetString(2), current));
            }
            var latency = reader.GetFieldValue<long[]>(10);
            current.Add(new DestinationCounts(new DestinationWindow(
                reader.GetString(3), reader.GetInt32(4), reader.GetBoolean(5), reader.IsDBNull(6) ? null : reader.GetDouble(6),
                reader.GetDouble(7), reader.GetInt64(8), reader.GetInt64(9),
                LatencyBuckets.Quantile(latency, 0.50), LatencyBuckets.Quantile(latency, 0.99),
                reader.IsDBNull(11) ? null : reader.GetDouble(11)), latency));
        }
        return result;
    }

    private static bool Same(IReadOnlyList<FleetCluster> a, IReadOnlyList<FleetCluster> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Judgment.Summary == p.Second.Judgment.Summary
            && p.First.Counts.Zip(p.Second.Counts).All(d => d.First.Window == d.Second.Window && d.First.Latency.SequenceEqual(d.Second.Latency)));

    private static double P(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }

    private static async Task Exec(FleetStore store, string sql)
    {
        await using var command = store.Source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
