using System.Diagnostics;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Fleet;

/// <summary>
/// The fleet view as it was and as it is, in one run (so the ratios hold on a noisy host), each with the judge, taking
/// turns. The writers' counts are copied into two tables in the earlier layouts, one row per instance × destination:
/// with <c>latency bigint[]</c> (the first layout, server-sorted read) and with packed histograms (the read of branch
/// fleet2: client-grouped, prepared, the same decoding as the store's read of such rows). "Now" is
/// <see cref="FleetStore.LiveCountsAsync(TimeSpan, CancellationToken)"/>: one packed row per instance.
/// </summary>
internal static class FleetViewBaseline
{
    private const string Arrays = "fleetbench_array_rows";
    private const string Rows = "fleetbench_packed_rows";
    private const string Live = "interval '1 hour'";

    /// <summary>The rows of the previous layout, as the previous read selected them (the store's legacy read, over the bench table).</summary>
    private static string RowsSql => FleetStore.LiveLegacySql.Replace("fulcrum_window_counts", Rows, StringComparison.Ordinal)
        .Replace(" AND NOT EXISTS (SELECT 1 FROM fulcrum_instance_counts b WHERE b.instance = i.name)", "", StringComparison.Ordinal);

    public static async Task PrepareAsync(FleetStore store)
    {
        var counts = await store.LiveCountsAsync(TimeSpan.FromHours(1), CancellationToken.None);
        var rows = counts.SelectMany(c => c.Destinations.Select((d, i) => (Counts: c, d.Window, d.Latency, Position: i))).ToArray();
        foreach (var table in new[] { Arrays, Rows })
        {
            await Exec(store, $"DROP TABLE IF EXISTS {table}");
            await Exec(store, $"CREATE TABLE {table} (LIKE fulcrum_window_counts INCLUDING ALL) WITH (fillfactor = 40)");
            await using var insert = store.Source.CreateCommand(
                $"""
                INSERT INTO {table} (instance, cluster, destination, position, policy, judged_as, weight, eligible, capacity, effective_weight,
                    requests, failures, latency, latency_packed, avg_in_flight, reported_at)
                SELECT r.instance, r.cluster, r.destination, r.position, r.policy, NULL, r.weight, r.eligible, r.capacity, r.effective,
                    r.requests, r.failures, {(table == Arrays ? "r.latency::bigint[], NULL" : "'{}', r.packed")}, r.inflight, now()
                FROM unnest(@instance, @cluster, @destination, @position, @policy, @weight, @eligible, @capacity, @effective, @requests, @failures,
                    @latency, @packed, @inflight)
                    AS r(instance, cluster, destination, position, policy, weight, eligible, capacity, effective, requests, failures, latency, packed, inflight)
                """);
            var p = insert.Parameters;
            p.AddWithValue("instance", rows.Select(r => r.Counts.Instance).ToArray());
            p.AddWithValue("cluster", rows.Select(r => r.Counts.Cluster).ToArray());
            p.AddWithValue("destination", rows.Select(r => r.Window.Name).ToArray());
            p.AddWithValue("position", rows.Select(r => r.Position).ToArray());
            p.AddWithValue("policy", rows.Select(r => r.Counts.Policy).ToArray());
            p.AddWithValue("weight", rows.Select(r => r.Window.Weight).ToArray());
            p.AddWithValue("eligible", rows.Select(r => r.Window.Eligible).ToArray());
            p.AddWithValue("capacity", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Double, rows.Select(r => r.Window.Capacity).ToArray());
            p.AddWithValue("effective", rows.Select(r => r.Window.EffectiveWeight).ToArray());
            p.AddWithValue("requests", rows.Select(r => r.Window.Requests).ToArray());
            p.AddWithValue("failures", rows.Select(r => r.Window.Failures).ToArray());
            p.AddWithValue("latency", rows.Select(r => "{" + string.Join(',', r.Latency) + "}").ToArray());
            p.AddWithValue("packed", rows.Select(r => LatencyPacking.Pack(r.Latency)).ToArray());
            p.AddWithValue("inflight", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Double, rows.Select(r => r.Window.AverageInFlight).ToArray());
            await insert.ExecuteNonQueryAsync();
            // Same physical state for all: rewritten, fresh statistics.
            await Exec(store, $"VACUUM (FULL, ANALYZE) {table}");
        }
        await Exec(store, "VACUUM (FULL, ANALYZE) fulcrum_instance_counts");
    }

    public static async Task RunAsync(FleetStore store, int rounds)
    {
        await PrepareAsync(store);
        var variants = Variants(store);
        var times = variants.Select(_ => new List<double>()).ToArray();
        var cpu = new TimeSpan[variants.Length];
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < rounds; i++)
        {
            var views = new IReadOnlyList<FleetCluster>[variants.Length];
            for (var v = 0; v < variants.Length; v++)
            {
                process.Refresh();
                var used = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                views[v] = FleetAggregation.Judge(await variants[v].Read(), FairnessConfig.Default);
                times[v].Add(clock.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu[v] += process.TotalProcessorTime - used;
            }
            if (i == 0 && !views.All(view => Same(view, views[^1])))
            {
                Console.Error.WriteLine("the views differ");
            }
        }
        Console.WriteLine($"fleet view (read + judge), writers stopped, {rounds} reads taking turns:");
        for (var v = 0; v < variants.Length; v++)
        {
            Console.WriteLine($"    {variants[v].Name}: p50 {P(times[v], 0.5):0.0} ms, p95 {P(times[v], 0.95):0.0} ms, min {times[v].Min():0.0} ms, "
                + $"max {times[v].Max():0.0} ms; client CPU {cpu[v].TotalMilliseconds / rounds:0.0} ms/view; "
                + $"÷ now p50 {P(times[v], 0.5) / P(times[^1], 0.5):0.00}x, min {times[v].Min() / times[^1].Min():0.00}x");
        }
        await Plan(store, "per-destination rows (fleet2)", RowsSql.Replace("$1", Live, StringComparison.Ordinal));
        await Plan(store, "one packed row per instance (now)",
            $"SELECT b.instance, b.counts FROM fulcrum_instances i JOIN fulcrum_instance_counts b ON b.instance = i.name WHERE i.heartbeat > now() - {Live}");
    }

    /// <summary>
    /// The client's CPU and allocation per view (FLEETBENCH_CPU=1, over the rows already in the store, nothing else in
    /// the process), in alternating blocks of <paramref name="rounds"/> reads: each read, and the judge alone.
    /// </summary>
    public static async Task CpuAsync(FleetStore store, int rounds)
    {
        await PrepareAsync(store);
        var inMemory = await store.LiveCountsAsync(TimeSpan.FromHours(1), CancellationToken.None);
        var parts = Variants(store).Select(v => (v.Name, Run: (Func<Task>)(() => v.Read())))
            .Append(("judge alone (rows in memory)", () => { FleetAggregation.Judge(inMemory, FairnessConfig.Default); return Task.CompletedTask; }))
            .ToArray();
        foreach (var (_, run) in parts)
        {
            await run(); // JIT and pool warm-up
        }
        var process = Process.GetCurrentProcess();
        for (var block = 0; block < 3; block++)
        {
            foreach (var (name, run) in parts)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < rounds; i++)
                {
                    await run();
                }
                process.Refresh();
                Console.WriteLine($"block {block} {name}: client CPU {(process.TotalProcessorTime - cpu).TotalMilliseconds / rounds:0.00} ms/view, "
                    + $"wall {clock.Elapsed.TotalMilliseconds / rounds:0.00} ms/view, {(GC.GetTotalAllocatedBytes(precise: true) - bytes) / rounds / 1024.0:0} KiB/view");
            }
        }
    }

    private static (string Name, Func<Task<IReadOnlyList<ClusterCounts>>> Read)[] Variants(FleetStore store) =>
    [
        ("bigint[] rows, server-sorted (first layout)", () => ArrayRowsAsync(store)),
        ("packed per-destination rows, client-grouped, prepared (fleet2)", () => PackedRowsAsync(store)),
        ("one packed row per instance (now)", () => store.LiveCountsAsync(TimeSpan.FromHours(1), CancellationToken.None)),
    ];

    private static async Task<IReadOnlyList<ClusterCounts>> PackedRowsAsync(FleetStore store)
    {
        await using var connection = await store.OpenAsync(CancellationToken.None);
        await using var command = new Npgsql.NpgsqlCommand(RowsSql, connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<TimeSpan> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Interval, TypedValue = TimeSpan.FromHours(1) });
        await command.PrepareAsync();
        await using var reader = await command.ExecuteReaderAsync();
        var result = (await FleetStore.ReadLegacyAsync(reader, CancellationToken.None)).ToArray();
        Array.Sort(result, static (a, b) => string.CompareOrdinal(a.Instance, b.Instance) is var c and not 0 ? c : string.CompareOrdinal(a.Cluster, b.Cluster));
        return result;
    }

    /// <summary>The first read: sorted by the server, not prepared, every histogram a <c>bigint[]</c>.</summary>
    private static async Task<IReadOnlyList<ClusterCounts>> ArrayRowsAsync(FleetStore store)
    {
        await using var command = store.Source.CreateCommand(
            $"""
            SELECT c.instance, c.cluster, c.policy, c.destination, c.weight, c.eligible, c.capacity, c.effective_weight,
                   c.requests, c.failures, c.latency, c.avg_in_flight
            FROM {Arrays} c JOIN fulcrum_instances i ON i.name = c.instance
            WHERE i.heartbeat > now() - {Live}
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

    // The server's part (EXPLAIN ANALYZE, BUFFERS), the best of 10: planning and execution times and the plan.
    private static async Task Plan(FleetStore store, string name, string sql)
    {
        string[] best = [];
        var bestMs = double.MaxValue;
        for (var i = 0; i < 10; i++)
        {
            await using var command = store.Source.CreateCommand("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + sql);
            var lines = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    lines.Add(reader.GetString(0));
                }
            }
            var total = lines.Where(l => l.StartsWith("Planning Time", StringComparison.Ordinal) || l.StartsWith("Execution Time", StringComparison.Ordinal))
                .Sum(l => double.Parse(l.Split(':')[1].Replace("ms", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
            if (total < bestMs)
            {
                (bestMs, best) = (total, lines.ToArray());
            }
        }
        Console.WriteLine($"{name}, best of 10 ({bestMs:0.00} ms planning + execution):");
        foreach (var line in best)
        {
            Console.WriteLine("    " + line);
        }
    }

    private static bool Same(IReadOnlyList<FleetCluster> a, IReadOnlyList<FleetCluster> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Judgment.Summary == p.Second.Judgment.Summary
            && p.First.Counts.Zip(p.Second.Counts).All(d => d.First.Window == d.Second.Window && d.First.Latency.SequenceEqual(d.Second.Latency))
            && p.First.Instances.Zip(p.Second.Instances).All(s => s.First.Summary == s.Second.Summary && s.First.Shares.SequenceEqual(s.Second.Shares)));

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
