using System.Security.Cryptography;
using Fulcrum.Core.Config;
using Fulcrum.Fleet;
using Fulcrum.Journal;
using Fulcrum.Tests.Journal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Fleet;

/// <summary>
/// The fleet journal on a real PostgreSQL keeps what <c>journal.max-age</c> and <c>journal.max-size</c> allow, as the
/// SQLite journal does: the oldest events of every instance go first, a pass says what went in a
/// <c>journal.pruned</c> event, one instance prunes at a time, and pruned events are never delivered again.
/// </summary>
public sealed class FleetJournalRetentionTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 19, 0, 0, TimeSpan.Zero);
    private static readonly JournalRetention OneMiB = new(TimeSpan.FromDays(14), 1L << 20);

    private readonly TempJournalDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Over_max_size_the_oldest_events_of_every_instance_go_until_the_rows_are_under_90_percent()
    {
        await using var store = await StoreAsync("retention_size");
        var fleet = new FleetJournal(store);
        // Three instances, 400 events each of ~1.6 KB (incompressible details), interleaved in time: ~2 MB in all.
        string[] instances = ["one", "two", "three"];
        for (var i = 0; i < instances.Length; i++)
        {
            var events = Enumerable.Range(1, 400).Select(k => Event(k, Start.AddSeconds(k).AddMilliseconds(i * 10), 1_500)).ToArray();
            await fleet.DeliverAsync($"journal-{instances[i]}", instances[i], events, CancellationToken.None);
        }
        var onDisk = await ScalarAsync<long>(store, "SELECT pg_total_relation_size('fulcrum_events')");

        var report = (await new FleetJournalPruner(store).PruneAsync(OneMiB, Start.AddHours(1), CancellationToken.None))!;

        output.WriteLine($"{report.Summary(OneMiB)}; on disk before {onDisk} bytes");
        Assert.True(report.BySize);
        Assert.False(report.ByAge);
        Assert.Equal(0, report.Configs);
        Assert.True(report.BytesBefore > OneMiB.MaxSize, $"before {report.BytesBefore}");
        Assert.InRange(report.BytesAfter, (long)(OneMiB.MaxSize * 0.8), (long)(OneMiB.MaxSize * 0.9));
        Assert.Equal(report.BytesBefore - report.BytesDropped, report.BytesAfter);
        var left = fleet.Read(limit: 10_000);
        Assert.Equal(1_200 - report.Events, left.Count);
        // Oldest first, across instances: everything left is newer than everything dropped, and every instance keeps its newest.
        Assert.All(left, e => Assert.True(e.Time > report.To, $"{e.Time:O} is not after {report.To:O}"));
        Assert.Equal(report.From, Start.AddSeconds(1));
        Assert.Equal(instances.Order(), left.Select(e => e.Instance!).Distinct().Order());
        // Under the limit now: the next pass drops nothing.
        var again = (await new FleetJournalPruner(store).PruneAsync(OneMiB, Start.AddHours(1), CancellationToken.None))!;
        Assert.False(again.DroppedAny);
    }

    [Fact]
    public async Task Past_max_age_events_go_for_every_instance_including_one_that_is_gone()
    {
        await using var store = await StoreAsync("retention_age");
        var fleet = new FleetJournal(store);
        // "gone" stopped 15 days ago and will never prune its own events; "one" is running.
        await fleet.DeliverAsync("journal-gone", "gone", [Event(1, Start.AddDays(-15), 100), Event(2, Start.AddDays(-14).AddMinutes(-1), 100)], CancellationToken.None);
        await fleet.DeliverAsync("journal-one", "one", [Event(1, Start.AddDays(-14).AddMinutes(-2), 100), Event(2, Start.AddDays(-1), 100)], CancellationToken.None);

        var report = (await new FleetJournalPruner(store).PruneAsync(JournalRetention.Default, Start, CancellationToken.None))!;

        Assert.True(report.ByAge);
        Assert.False(report.BySize);
        Assert.Equal(3, report.Events);
        Assert.Equal(Start.AddDays(-15), report.From);
        Assert.Equal(Start.AddDays(-14).AddMinutes(-1), report.To);
        var left = Assert.Single(fleet.Read());
        Assert.Equal(("one", Start.AddDays(-1)), (left.Instance, left.Time));
    }

    [Fact]
    public async Task A_pass_journals_what_went_and_the_shipper_never_delivers_pruned_events_again()
    {
        await using var store = await StoreAsync("retention_event");
        var time = new FakeTimeProvider(Start.AddDays(-20));
        await using var local = new EventJournal(Path.Combine(dir.Folder, "one.db"), time);
        for (var i = 0; i < 5; i++)
        {
            local.Append(JournalEvent.Create(EventKinds.HealthChanged, $"old {i}", "web", "a"));
        }
        await FleetJournalTests.Shipper(store, local, "one", time).DeliverAsync(CancellationToken.None);
        time.SetUtcNow(Start);
        var retention = new FleetJournalRetention(store, new FleetJournalPruner(store), new FleetConfigPruner(store),
            new FleetSettings(new FleetConfig(FleetStoreKind.Postgres, "FULCRUM_STORE", "one", TimeSpan.FromSeconds(2)), ""), local, () => JournalRetention.Default, time,
            NullLogger<FleetJournalRetention>.Instance);

        var report = (await retention.PruneOnceAsync(CancellationToken.None))!;

        Assert.Equal(5, report.Events);
        var pruned = Assert.Single(local.Read(kinds: [EventKinds.JournalPruned]));
        Assert.StartsWith("fleet journal: pruned 5 event(s) and 0 config(s) from 2026-11-12 19:00:00Z", pruned.Summary, StringComparison.Ordinal);
        Assert.Contains("(older than 336h)", pruned.Summary, StringComparison.Ordinal);
        Assert.Contains("\"byAge\":true", pruned.Details, StringComparison.Ordinal);
        // A restarted shipper (no memory of where it was) resumes after the pruned events, which its local file still holds.
        await FleetJournalTests.Shipper(store, local, "one", time).DeliverAsync(CancellationToken.None);
        var delivered = Assert.Single(new FleetJournal(store).Read());
        Assert.Equal((EventKinds.JournalPruned, "one"), (delivered.Kind, delivered.Instance));
        Assert.Equal(6, await new FleetJournal(store).DeliveredUpToAsync(local.JournalId, CancellationToken.None));
    }

    [Fact]
    public async Task While_another_instance_prunes_a_pass_skips()
    {
        await using var store = await StoreAsync("retention_lock");
        var fleet = new FleetJournal(store);
        await fleet.DeliverAsync("journal-one", "one", [Event(1, Start.AddDays(-30), 100)], CancellationToken.None);
        var pruner = new FleetJournalPruner(store);
        await using (var other = await store.OpenAsync(CancellationToken.None))
        {
            await using var lockIt = new NpgsqlCommand($"SELECT pg_advisory_lock({FleetJournalPruner.LockKey})", other);
            await lockIt.ExecuteNonQueryAsync();

            Assert.Null(await pruner.PruneAsync(JournalRetention.Default, Start, CancellationToken.None));
            Assert.Single(fleet.Read());
        }

        // The other session ended, and its lock with it.
        Assert.Equal(1, (await pruner.PruneAsync(JournalRetention.Default, Start, CancellationToken.None))!.Events);
        Assert.Empty(fleet.Read());
    }

    private async Task<FleetStore> StoreAsync(string database)
    {
        // Unpooled: the lock test needs a closed connection to end its session.
        var store = new FleetStore(await postgres.Server.CreateDatabaseAsync(database) + ";Pooling=false");
        await store.EnsureSchemaAsync(CancellationToken.None);
        return store;
    }

    private static JournalEvent Event(long id, DateTimeOffset time, int detailChars) => new(
        id, time, EventKinds.HealthChanged, "web", "a", $"unhealthy #{id}", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(detailChars / 2)), null);

    private static async Task<T> ScalarAsync<T>(FleetStore store, string sql)
    {
        await using var command = store.Source.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
