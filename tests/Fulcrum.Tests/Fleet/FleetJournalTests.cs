using Fulcrum.Core.Config;
using Fulcrum.Fleet;
using Fulcrum.Incidents;
using Fulcrum.Journal;
using Fulcrum.Tests.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Tests.Fleet;

/// <summary>
/// The fleet journal on a real PostgreSQL, fed from real SQLite journals: delivery in order and exactly once, the
/// local journal as the spool through a store outage, and the fleet's story told with each event's instance.
/// </summary>
public sealed class FleetJournalTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 19, 0, 0, TimeSpan.Zero);

    private readonly TempJournalDir dir = new();
    private readonly FakeTimeProvider time = new(Start);

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Events_journaled_while_the_store_is_down_arrive_in_order_exactly_once_when_it_returns()
    {
        await using var store = new FleetStore(await postgres.Server.CreateDatabaseAsync("journal_outage") + ";Pooling=false");
        await using var local = new EventJournal(Path.Combine(dir.Folder, "one.db"), time);
        var logger = new CountingLogger();
        var shipper = Shipper(store, local, "one", logger);
        Write(local, "before", 5);
        await shipper.DeliverAsync(CancellationToken.None);
        Assert.Equal(5, Fleet(store).Read().Count);

        await postgres.Server.StopAsync();
        try
        {
            Write(local, "during", 20);
            // Some through the queued path too: both reach the local file, in commit order.
            for (var i = 0; i < 10; i++)
            {
                Assert.True(local.TryEnqueue(JournalEvent.Create(EventKinds.HealthChanged, $"queued {i}")));
            }
            await local.FlushAsync();
            await shipper.DeliverAsync(CancellationToken.None);
            await shipper.DeliverAsync(CancellationToken.None);
            Assert.Equal(1, logger.Warnings); // one line per outage, not per attempt
        }
        finally
        {
            await postgres.Server.StartClusterAsync();
        }

        await shipper.DeliverAsync(CancellationToken.None);

        var delivered = Fleet(store).Read(limit: 10_000);
        var expected = local.Read(limit: 10_000);
        Assert.Equal(35, expected.Count);
        Assert.Equal(expected.Select(e => e.Summary), delivered.Select(e => e.Summary)); // all, once, in order
        Assert.All(delivered, e => Assert.Equal("one", e.Instance));
        Assert.Equal(expected.Select(e => (e.Time, e.Kind, e.Details)), delivered.Select(e => (e.Time, e.Kind, e.Details)));
    }

    [Fact]
    public async Task A_delivery_repeated_after_a_lost_acknowledgement_stores_nothing_twice()
    {
        await using var store = new FleetStore(await postgres.Server.CreateDatabaseAsync("journal_twice"));
        await store.EnsureSchemaAsync(CancellationToken.None);
        await using var local = new EventJournal(Path.Combine(dir.Folder, "one.db"), time);
        Write(local, "event", 3);
        var fleet = Fleet(store);

        await fleet.DeliverAsync(local.JournalId, "one", local.Read(), CancellationToken.None);
        await fleet.DeliverAsync(local.JournalId, "one", local.Read(), CancellationToken.None);
        // A restart under another name (the default name holds the pid) resumes from the same journal file.
        await Shipper(store, local, "one-restarted", new CountingLogger()).DeliverAsync(CancellationToken.None);

        Assert.Equal(["event 0", "event 1", "event 2"], fleet.Read().Select(e => e.Summary));
        Assert.Equal(3, await fleet.DeliveredUpToAsync(local.JournalId, CancellationToken.None));
    }

    [Fact]
    public async Task The_timeline_tells_the_fleet_s_story_in_time_order_naming_each_instance()
    {
        await using var store = new FleetStore(await postgres.Server.CreateDatabaseAsync("journal_story"));
        await using var one = new EventJournal(Path.Combine(dir.Folder, "one.db"), time);
        await using var two = new EventJournal(Path.Combine(dir.Folder, "two.db"), time);
        one.Append(JournalEvent.Create(EventKinds.ConfigApplied, "weights a 1→4", "web"));
        time.Advance(TimeSpan.FromSeconds(1));
        two.Append(JournalEvent.Create(EventKinds.ConfigApplied, "weights a 1→4", "web"));
        time.Advance(TimeSpan.FromSeconds(1));
        one.Append(JournalEvent.Create(EventKinds.AlertFiring, "imbalance firing", "web", "a", alertId: "A1"));
        time.Advance(TimeSpan.FromSeconds(1));
        two.Append(JournalEvent.Create(EventKinds.DestinationEjected, "ejected", "web", "a"));
        // Two delivers first: the fleet's order is the events' time, not the order of delivery.
        await Shipper(store, two, "two", new CountingLogger()).DeliverAsync(CancellationToken.None);
        await Shipper(store, one, "one", new CountingLogger()).DeliverAsync(CancellationToken.None);

        var fleet = Fleet(store);
        var entries = await new TimelineBuilder(fleet).BuildAsync(new IncidentWindow(Start, Start.AddMinutes(1), "test"));
        var lines = TimelineBuilder.Render(entries).TrimEnd().Split('\n');

        Assert.Equal(
            [
                "2026-12-02 19:00:00Z  config.applied       [one] web: weights a 1→4",
                "2026-12-02 19:00:01Z  config.applied       [two] web: weights a 1→4",
                "2026-12-02 19:00:02Z  alert.firing         [one] web/a: imbalance firing",
                "2026-12-02 19:00:03Z  destination.ejected  [two] web/a: ejected",
            ],
            lines);
        Assert.Equal("one", (await fleet.FindLatestAsync(EventKinds.ConfigChanges, "web", Start.AddSeconds(1)))!.Instance);
        Assert.Equal("two", (await fleet.FindLatestAsync(EventKinds.ConfigChanges, "web", Start.AddSeconds(2)))!.Instance);
    }

    private static FleetJournal Fleet(FleetStore store) => new(store);

    internal static FleetJournalShipper Shipper(FleetStore store, EventJournal local, string instance, TimeProvider time, ILogger<FleetJournalShipper>? logger = null) =>
        new(Fleet(store), store, local, new FleetSettings(new FleetConfig(FleetStoreKind.Postgres, "FULCRUM_STORE", instance, TimeSpan.FromSeconds(2)), ""),
            time, logger ?? new CountingLogger());

    private FleetJournalShipper Shipper(FleetStore store, EventJournal local, string instance, CountingLogger logger) =>
        Shipper(store, local, instance, time, logger);

    private void Write(EventJournal journal, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            journal.Append(JournalEvent.Create(EventKinds.HealthChanged, $"{prefix} {i}", "web", "a", details: $"detail {prefix} {i}"));
            time.Advance(TimeSpan.FromMilliseconds(10));
        }
    }

    internal sealed class CountingLogger : ILogger<FleetJournalShipper>
    {
        private int warnings;

        public int Warnings => Volatile.Read(ref warnings);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Interlocked.Increment(ref warnings);
            }
        }
    }
}
