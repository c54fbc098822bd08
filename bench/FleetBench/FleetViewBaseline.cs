using System.Diagnostics;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Fleet;

/// <summary>
/// The fleet view as it was and as it is, in one run (so the ratios hold on a noisy host), each with the judge, taking
/// turns: the rows the writers left are copied into a table in the first layout (<c>latency bigint[]</c>, decoded by
/// Npgsql); the previous read of the packed rows (sorted by the server, not prepared); and
/// <see cref="FleetStore.LiveCountsAsync"/> (grouped by the client, prepared).
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

        var arrays = new List<double>();
        var sorted = new List<double>();
        var now = new List<double>();
        // The client's CPU per view (this process; the writers have stopped): unlike wall time, it hardly depends on the
        // host's load.
        var cpu = new TimeSpan[3];
        var process = Process.GetCurrentProcess();
        TimeSpan Cpu()
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
        for (var i = 0; i < rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            var used = Cpu();
            var legacy = FleetAggregation.Judge(await PreviousCountsAsync(store, packed: false), FairnessConfig.Default);
            arrays.Add(clock.Elapsed.TotalMilliseconds);
            cpu[0] += Cpu() - used;
            clock.Restart();
            used = Cpu();
            var previous = FleetAggregation.Judge(await PreviousCountsAsync(store, packed: true), FairnessConfig.Default);
            sorted.Add(clock.Elapsed.TotalMilliseconds);
            cpu[1] += Cpu() - used;
            clock.Restart();
            used = Cpu();
            var current = FleetAggregation.Judge(await store.LiveCountsAsync(TimeSpan.FromHours(1), CancellationToken.None), FairnessConfig.Default);
            now.Add(clock.Elapsed.TotalMilliseconds);
            cpu[2] += Cpu() - used;
            if (i == 0 && !(Same(legacy, current) && Same(previous, current)))
            {
                Console.Error.WriteLine("the views differ");
            }
        }
        await Exec(store, $"DROP TABLE {Legacy}");
        Console.WriteLine($"fleet view, writers stopped, {rounds} reads taking turns: bigint[] histograms p50 {P(arrays, 0.5):0.0} ms, min {arrays.Min():0.0} ms; "
            + $"packed, server-sorted (previous) p50 {P(sorted, 0.5):0.0} ms, min {sorted.Min():0.0} ms; "
            + $"packed, client-grouped, prepared (now) p50 {P(now, 0.5):0.0} ms, min {now.Min():0.0} ms, max {now.Max():0.0} ms; "
            + $"previous/now p50 {P(sorted, 0.5) / P(now, 0.5):0.00}x, min {sorted.Min() / now.Min():0.00}x");
        Console.WriteLine($"client CPU per view (mean of {rounds}): bigint[] {cpu[0].TotalMilliseconds / rounds:0.0} ms; previous {cpu[1].TotalMilliseconds / rounds:0.0} ms; now {cpu[2].TotalMilliseconds / rounds:0.0} ms");
    }

    /// <summary>
    /// The client's CPU per view, previous read against the current one, in alternating blocks of <paramref name="rounds"/>
    /// reads over the rows already in the store (FLEETBENCH_CPU=1: no writers, nothing else in the process).
    /// </summary>
    public static async Task CpuAsync(FleetStore store, int rounds)
    {
        var process = Process.GetCurrentProcess();
        (string Name, Func<Task<IReadOnlyList<ClusterCounts>>> Read)[] variants =
        [
            ("previous (server-sorted)", async () => await PreviousCountsAsync(store, packed: true)),
            ("now (client-grouped, prepared)", () => store.LiveCountsAsync(TimeSpan.FromHours(1), CancellationToken.None)),
            ("client-grouped, not prepared", () => store.LiveCountsAsync(TimeSpan.FromHours(1), prepare: false, CancellationToken.None)),
        ];
        foreach (var (_, read) in variants)
        {
            await read(); // JIT and pool warm-up
        }
        for (var block = 0; block < 3; block++)
        {
            foreach (var (name, read) in variants)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var judge = TimeSpan.Zero;
                for (var i = 0; i < rounds; i++)
                {
                    var counts = await read();
                    var start = Stopwatch.GetTimestamp();
                    FleetAggregation.Judge(counts, FairnessConfig.Default);
                    judge += Stopwatch.GetElapsedTime(start);
                }
                process.Refresh();
                Console.WriteLine($"block {block} {name}: client CPU {(process.TotalProcessorTime - cpu).TotalMilliseconds / rounds:0.00} ms/view, "
                    + $"wall {clock.Elapsed.TotalMilliseconds / rounds:0.0} ms/view, of which judge {judge.TotalMilliseconds / rounds:0.00} ms");
            }
        }
    }

    /// <summary>
    /// The view (read and judge) through data sources that differ only in the Npgsql settings named, taking turns: the
    /// settings that could matter for 2,000 rows in one result (buffer sizes, automatic preparation).
    /// </summary>
    public static async Task CompareSettingsAsync(string connection, int rounds)
    {
        // "" is Npgsql's defaults (8 KiB read buffer).
        string[] variants = ["", ";Read Buffer Size=65536", ";Read Buffer Size=262144"];
        var stores = variants.Select(v => new FleetStore(connection + v)).ToArray();
        var times = variants.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < rounds; i++)
        {
            for (var v = 0; v < stores.Length; v++)
            {
                var clock = Stopwatch.StartNew();
                FleetAggregation.Judge(await stores[v].LiveCountsAsync(TimeSpan.FromHours(1), CancellationToken.None), FairnessConfig.Default);
                times[v].Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
        Console.WriteLine($"fleet view by Npgsql settings, {rounds} reads taking turns: "
            + string.Join("; ", variants.Select((v, k) => $"{(v.Length == 0 ? "defaults" : v.TrimStart(';'))} p50 {P(times[k], 0.5):0.0} ms, min {times[k].Min():0.0} ms")));
    }

    /// <summary>
    /// The read as it was: sorted by the server, not prepared; every row's histogram a <c>bigint[]</c> (the first
    /// layout) or packed (the previous one).
    /// </summary>
    private static async Task<List<ClusterCounts>> PreviousCountsAsync(FleetStore store, bool packed)
    {
        await using var command = store.Source.CreateCommand(
            $"""
            SELECT c.instance, c.cluster, c.policy, c.destination, c.weight, c.eligible, c.capacity, c.effective_weight,
                   c.requests, c.failures, {(packed ? "c.latency_packed" : "c.latency")}, c.avg_in_flight
            FROM {(packed ? "fulcrum_window_counts" : Legacy)} c JOIN fulcrum_instances i ON i.name = c.instance
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
            var latency = packed ? LatencyPacking.Unpack(reader.GetFieldValue<byte[]>(10), LatencyBuckets.Count) : reader.GetFieldValue<long[]>(10);
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
