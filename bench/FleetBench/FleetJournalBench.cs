using System.Diagnostics;
using Fulcrum.Fleet;
using Fulcrum.Incidents;
using Fulcrum.Journal;

/// <summary>
/// The fleet journal's side of the benchmark: N instances delivering their events as the shipper does (batches after
/// an outage, a few events per 250 ms tick in steady state), then the fleet timeline read over what they wrote.
/// </summary>
internal static class FleetJournalBench
{
    private const int BatchesPerInstance = 10;
    private const int BatchSize = 100;
    private const int TicksPerInstance = 40;

    public static async Task RunAsync(FleetStore store, int instances)
    {
        await using (var truncate = store.Source.CreateCommand("TRUNCATE fulcrum_events"))
        {
            await truncate.ExecuteNonQueryAsync();
        }
        var journal = new FleetJournal(store);
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);

        // Catching up after an outage: every instance delivers 10 batches of 100 events at once.
        var batchTimes = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, instances).Select(i => Task.Run(async () =>
        {
            for (var b = 0; b < BatchesPerInstance; b++)
            {
                var events = Enumerable.Range(b * BatchSize + 1, BatchSize).Select(id => Event(i, id, start)).ToArray();
                var batchClock = Stopwatch.StartNew();
                await journal.DeliverAsync($"journal-{i:000}", $"bench-{i:000}", events, CancellationToken.None);
                lock (batchTimes)
                {
                    batchTimes.Add(batchClock.Elapsed.TotalMilliseconds);
                }
            }
        })));
        var catchUp = clock.Elapsed.TotalSeconds;
        var delivered = instances * BatchesPerInstance * BatchSize;
        Console.WriteLine($"fleet journal, catching up: {delivered} events from {instances} instances in {catchUp:0.0} s = {delivered / catchUp:0} events/s; "
            + $"batch of {BatchSize}: p50 {Percentile(batchTimes, 0.5):0.0} ms, p99 {Percentile(batchTimes, 0.99):0.0} ms");

        // Steady state: each instance delivers one event per tick, all instances at once.
        var tickTimes = new List<double>();
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, instances).Select(i => Task.Run(async () =>
        {
            for (var t = 0; t < TicksPerInstance; t++)
            {
                var tickClock = Stopwatch.StartNew();
                await journal.DeliverAsync($"journal-{i:000}", $"bench-{i:000}", [Event(i, BatchesPerInstance * BatchSize + t + 1, start)], CancellationToken.None);
                lock (tickTimes)
                {
                    tickTimes.Add(tickClock.Elapsed.TotalMilliseconds);
                }
            }
        })));
        var steady = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"fleet journal, one event per delivery: {instances * TicksPerInstance / steady:0} deliveries/s; "
            + $"p50 {Percentile(tickTimes, 0.5):0.0} ms, p99 {Percentile(tickTimes, 0.99):0.0} ms");

        // Reading the fleet's story: a 10-minute window, and the whole 30 minutes.
        foreach (var minutes in new[] { 10, 30 })
        {
            var reads = new List<double>();
            var count = 0;
            for (var r = 0; r < 5; r++)
            {
                var readClock = Stopwatch.StartNew();
                count = (await new TimelineBuilder(journal).BuildAsync(new IncidentWindow(start, start.AddMinutes(minutes), "bench"))).Count;
                reads.Add(readClock.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"fleet timeline of {minutes} min ({count} events, every instance): p50 {Percentile(reads, 0.5):0} ms");
        }
        await using var size = store.Source.CreateCommand("SELECT pg_total_relation_size('fulcrum_events')");
        var bytes = (long)(await size.ExecuteScalarAsync())!;
        var events = instances * (BatchesPerInstance * BatchSize + TicksPerInstance);
        Console.WriteLine($"fulcrum_events: {bytes / 1048576.0:0.0} MiB for {events} events = {(double)bytes / events:0} bytes/event with indexes");
        var estimated = await new FleetJournalPruner(store).EstimatedBytesAsync(CancellationToken.None);
        Console.WriteLine($"journal.max-size estimate of the same rows: {estimated / 1048576.0:0.0} MiB = {(double)estimated / events:0} bytes/event ({estimated * 100.0 / bytes:0} % of the size on disk)");
    }

    /// <summary>An event like a health flap's: cluster, destination, a one-line summary, a short detail.</summary>
    private static JournalEvent Event(int instance, long id, DateTimeOffset start) => new(
        id, start.AddMilliseconds(id * 1700 + instance), EventKinds.HealthChanged, $"cluster-{id % 5}", $"d{id % 4}",
        $"unhealthy after 3 failed probes (connect refused) #{id}", $"probe GET /health: connection refused; instance {instance}", null);

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }
}
