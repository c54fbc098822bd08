using System.Diagnostics;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Fleet;
using Npgsql;

// Usage: FULCRUM_STORE="Host=...;Database=..." dotnet run -c Release --project bench/FleetBench -- [instances] [clusters] [destinations] [seconds] [report-every-ms]
// Starts N reporters (the same FleetStore.ReportAsync the instances call), each reporting every report-every with
// staggered starts, and reads the fleet view (LiveCountsAsync + FleetAggregation.Judge, what GET /api/fleet/clusters
// does) once a second beside them. Prints the write rate, the view's latency and the database's size and WAL volume.
var instances = Arg(0, 100);
var clusters = Arg(1, 5);
var destinations = Arg(2, 4);
var seconds = Arg(3, 60);
var reportEvery = TimeSpan.FromMilliseconds(Arg(4, 2000));
var connection = Environment.GetEnvironmentVariable("FULCRUM_STORE")
    ?? throw new InvalidOperationException("set FULCRUM_STORE to an Npgsql connection string");

await using var store = new FleetStore(connection + ";Maximum Pool Size=" + (instances + 10));
await store.EnsureSchemaAsync(CancellationToken.None);
if (Environment.GetEnvironmentVariable("FLEETBENCH_CPU") == "1")
{
    await FleetViewBaseline.CpuAsync(store, 100);
    return;
}
await Exec(store, "TRUNCATE fulcrum_window_counts, fulcrum_instance_counts, fulcrum_instances");
var walStart = await Scalar<string>(store, "SELECT pg_current_wal_lsn()::text");

using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
long reports = 0, failures = 0;
var writeTimes = new List<double>();
var started = Stopwatch.StartNew();
var reporters = Enumerable.Range(0, instances).Select(i => Task.Run(async () =>
{
    var name = $"bench-{i:000}";
    var random = new Random(i);
    var report = new InstanceReport(name, 1000 + i, $"http://10.0.{i / 250}.{i % 250}:8080/", $"http://10.0.{i / 250}.{i % 250}:9901/", 1, null, null, DateTimeOffset.UtcNow);
    try
    {
        await Task.Delay(reportEvery * random.NextDouble(), stop.Token);
        using var timer = new PeriodicTimer(reportEvery);
        do
        {
            var counts = Enumerable.Range(0, clusters).Select(c => new ClusterCounts(name, $"cluster-{c}", "round-robin",
                Enumerable.Range(0, destinations).Select(d => Destination($"d{d}", random)).ToArray())).ToArray();
            var clock = Stopwatch.StartNew();
            try
            {
                await store.ReportAsync(report, counts, stop.Token);
                Interlocked.Increment(ref reports);
                lock (writeTimes)
                {
                    writeTimes.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
            catch (NpgsqlException)
            {
                Interlocked.Increment(ref failures);
            }
        }
        while (await timer.WaitForNextTickAsync(stop.Token));
    }
    catch (OperationCanceledException)
    {
    }
})).ToArray();

var viewTimes = new List<double>();
var queryTimes = new List<double>();
var liveWithin = reportEvery * 3;
try
{
    await Task.Delay(reportEvery * 2, stop.Token);
    using var viewTimer = new PeriodicTimer(TimeSpan.FromSeconds(1));
    while (await viewTimer.WaitForNextTickAsync(stop.Token))
    {
        var clock = Stopwatch.StartNew();
        var counts = await store.LiveCountsAsync(liveWithin, stop.Token);
        queryTimes.Add(clock.Elapsed.TotalMilliseconds);
        var judged = FleetAggregation.Judge(counts, FairnessConfig.Default);
        viewTimes.Add(clock.Elapsed.TotalMilliseconds);
        if (judged.Count != clusters)
        {
            Console.Error.WriteLine($"view saw {judged.Count} clusters, expected {clusters}");
        }
    }
}
catch (OperationCanceledException)
{
}
await Task.WhenAll(reporters);
var elapsed = started.Elapsed.TotalSeconds;

// The same read with the writers stopped: the view's own cost, apart from contention with 100 writers on the host.
var quietTimes = new List<double>();
for (var i = 0; i < 20; i++)
{
    var clock = Stopwatch.StartNew();
    FleetAggregation.Judge(await store.LiveCountsAsync(TimeSpan.FromHours(1), CancellationToken.None), FairnessConfig.Default);
    quietTimes.Add(clock.Elapsed.TotalMilliseconds);
}

var walBytes = await Scalar<decimal>(store, $"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '{walStart}')");
var tableBytes = await Scalar<long>(store,
    "SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c WHERE c.relname LIKE 'fulcrum_%' AND c.relkind = 'r'");
var rowsPerReport = clusters * destinations;
Console.WriteLine($"instances {instances}, {clusters} clusters x {destinations} destinations ({rowsPerReport} rows per report), report every {reportEvery.TotalMilliseconds:0} ms, {elapsed:0} s");
Console.WriteLine($"write rate: {reports / elapsed:0.0} reports/s = {reports * rowsPerReport / elapsed:0} rows/s; failed reports: {failures}");
Console.WriteLine($"report transaction: p50 {Percentile(writeTimes, 0.50):0.0} ms, p99 {Percentile(writeTimes, 0.99):0.0} ms");
Console.WriteLine($"fleet view query alone: p50 {Percentile(queryTimes, 0.50):0.0} ms, p99 {Percentile(queryTimes, 0.99):0.0} ms");
Console.WriteLine($"fleet view (query + judge): p50 {Percentile(viewTimes, 0.50):0.0} ms, p95 {Percentile(viewTimes, 0.95):0.0} ms, p99 {Percentile(viewTimes, 0.99):0.0} ms, max {viewTimes.DefaultIfEmpty(0).Max():0.0} ms over {viewTimes.Count} reads");
Console.WriteLine($"fleet view with the writers stopped: p50 {Percentile(quietTimes, 0.50):0.0} ms, p95 {Percentile(quietTimes, 0.95):0.0} ms, p99 {Percentile(quietTimes, 0.99):0.0} ms");
var inMemory = await store.LiveCountsAsync(TimeSpan.FromHours(1), CancellationToken.None);
var judgeTimes = new List<double>();
for (var i = 0; i < 30; i++)
{
    var clock = Stopwatch.StartNew();
    FleetAggregation.Judge(inMemory, FairnessConfig.Default);
    judgeTimes.Add(clock.Elapsed.TotalMilliseconds);
}
Console.WriteLine($"judge alone (rows in memory): p50 {Percentile(judgeTimes, 0.50):0.0} ms, min {judgeTimes.Min():0.0} ms");
Console.WriteLine($"tables now: {tableBytes / 1024.0 / 1024.0:0.0} MiB (bounded: one row per instance, rewritten in place at each report)");
Console.WriteLine($"WAL written: {walBytes / 1024m / 1024m:0.0} MiB in {elapsed:0} s = {walBytes / (decimal)elapsed * 86400m / 1024m / 1024m / 1024m:0.0} GiB/day");
await FleetViewBaseline.RunAsync(store, 30);
// FLEETBENCH_VIEW_ONLY=1 stops here: the fleet journal's phase takes minutes and does not touch the view.
if (Environment.GetEnvironmentVariable("FLEETBENCH_VIEW_ONLY") != "1")
{
    await FleetJournalBench.RunAsync(store, instances);
}
return;

int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], out var value) ? value : fallback;

static DestinationCounts Destination(string name, Random random)
{
    var latency = new long[LatencyBuckets.Count];
    var requests = 1000 + random.Next(200);
    for (var i = 0; i < requests; i++)
    {
        latency[Math.Min(latency.Length - 1, 3 + random.Next(6))]++;
    }
    return new DestinationCounts(
        new DestinationWindow(name, 1, true, 100, 1, requests, random.Next(5), null, null, random.NextDouble() * 4), latency);
}

static double Percentile(List<double> values, double q)
{
    if (values.Count == 0)
    {
        return 0;
    }
    var sorted = values.Order().ToArray();
    return sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}

static async Task Exec(FleetStore store, string sql)
{
    await using var command = store.Source.CreateCommand(sql);
    await command.ExecuteNonQueryAsync();
}

static async Task<T> Scalar<T>(FleetStore store, string sql)
{
    await using var command = store.Source.CreateCommand(sql);
    return (T)(await command.ExecuteScalarAsync())!;
}
