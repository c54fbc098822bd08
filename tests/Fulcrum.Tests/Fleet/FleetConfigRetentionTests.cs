using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Fleet;
using Fulcrum.Journal;
using Fulcrum.Tests.Journal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Fulcrum.Tests.Fleet;

/// <summary>
/// <c>fulcrum_config_versions</c> on a real PostgreSQL keeps what <c>journal.max-age</c> and <c>fleet.keep-versions</c>
/// allow, and never the versions the fleet still needs: the newest, what a live instance serves or refused, and the
/// rollback target. One instance prunes at a time, and a pass that dropped versions says so in the journal.
/// </summary>
public sealed class FleetConfigRetentionTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(14);
    private static readonly TimeSpan Live = TimeSpan.FromMinutes(1);

    private readonly TempJournalDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Past_max_age_versions_go_except_the_newest_the_rollback_target_and_what_live_instances_report()
    {
        await using var store = await StoreAsync("versions_age");
        // #1–#9 clean, #10 forced (the newest: what the fleet follows), all pushed 20 days ago.
        await PublishAsync(store, count: 9);
        await PublishAsync(store, count: 1, forced: true);
        await ExecAsync(store, "UPDATE fulcrum_config_versions SET pushed_at = now() - interval '20 days'");
        await ReportAsync(store, "live-a", served: 2, refused: null);
        await ReportAsync(store, "live-b", served: 10, refused: 4);
        await ReportAsync(store, "dead-c", served: 5, refused: null);
        await ExecAsync(store, "UPDATE fulcrum_instances SET heartbeat = now() - interval '1 hour' WHERE name = 'dead-c'");

        var report = (await new FleetConfigPruner(store).PruneAsync(MaxAge, 100, Live, DateTimeOffset.UtcNow, CancellationToken.None))!;

        Assert.Equal(new long[] { 2L, 4, 9, 10 }, await IdsAsync(store));
        Assert.Equal((6L, 1L, 8L, true, false), (report.Versions, report.FirstId, report.LastId, report.ByAge, report.ByCount));
        // The rollback target is still the one it was before pruning.
        Assert.Equal(9, (await store.LastCleanBeforeAsync(10, CancellationToken.None))!.Id);
        // Nothing more may go: the next pass drops nothing.
        Assert.Equal(0, (await new FleetConfigPruner(store).PruneAsync(MaxAge, 100, Live, DateTimeOffset.UtcNow, CancellationToken.None))!.Versions);
    }

    [Fact]
    public async Task Beyond_keep_versions_the_oldest_go_and_the_pass_is_journaled()
    {
        await using var store = await StoreAsync("versions_count");
        await PublishAsync(store, count: 10);
        await ReportAsync(store, "live-a", served: 3, refused: null);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var local = new EventJournal(Path.Combine(dir.Folder, "one.db"), time);
        var settings = new FleetSettings(new FleetConfig(FleetStoreKind.Postgres, "FULCRUM_STORE", "live-a", TimeSpan.FromSeconds(20), KeepVersions: 4), "");
        var retention = new FleetJournalRetention(store, new FleetJournalPruner(store), new FleetConfigPruner(store), settings, local,
            () => JournalRetention.Default, time, NullLogger<FleetJournalRetention>.Instance);

        await retention.PruneOnceAsync(CancellationToken.None);

        // The newest 4 (#10 serving, #9 its rollback target), and #3 which live-a serves.
        Assert.Equal(new long[] { 3L, 7, 8, 9, 10 }, await IdsAsync(store));
        var pruned = Assert.Single(local.Read(kinds: [EventKinds.JournalPruned]));
        Assert.StartsWith("fleet config versions: pruned 5 config version(s) #1–#6 pushed ", pruned.Summary, StringComparison.Ordinal);
        Assert.EndsWith("(beyond the newest 4)", pruned.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pass_drops_the_window_counts_of_instances_silent_for_long_and_keeps_the_live_ones()
    {
        await using var store = await StoreAsync("silent_counts");
        await PublishAsync(store, count: 1);
        var counts = new DestinationCounts(new DestinationWindow("a", 1, true, null, 1, 10, 0, null, null, null), new long[LatencyBuckets.Count]);
        foreach (var name in new[] { "live", "restarted-long-ago", "silent-a-minute" })
        {
            await store.ReportAsync(new InstanceReport(name, 1, "", "", 1, null, null, DateTimeOffset.UtcNow), [new ClusterCounts(name, "web", "round-robin", [counts])], CancellationToken.None);
        }
        await ExecAsync(store, "UPDATE fulcrum_instances SET heartbeat = now() - interval '11 minutes' WHERE name = 'restarted-long-ago'");
        await ExecAsync(store, "UPDATE fulcrum_instances SET heartbeat = now() - interval '1 minute' WHERE name = 'silent-a-minute'");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var local = new EventJournal(Path.Combine(dir.Folder, "silent.db"), time);
        var settings = new FleetSettings(new FleetConfig(FleetStoreKind.Postgres, "FULCRUM_STORE", "live", TimeSpan.FromSeconds(2)), "");
        var retention = new FleetJournalRetention(store, new FleetJournalPruner(store), new FleetConfigPruner(store), settings, local,
            () => JournalRetention.Default, time, NullLogger<FleetJournalRetention>.Instance);

        await retention.PruneOnceAsync(CancellationToken.None);

        await using var command = store.Source.CreateCommand("SELECT string_agg(instance, ',' ORDER BY instance) FROM fulcrum_instance_counts");
        Assert.Equal("live,silent-a-minute", await command.ExecuteScalarAsync());
        // The instance itself is still listed (as down).
        Assert.Equal(3, (await store.InstancesAsync(TimeSpan.FromSeconds(6), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task While_another_instance_prunes_a_pass_skips()
    {
        await using var store = await StoreAsync("versions_lock");
        await PublishAsync(store, count: 5);
        var pruner = new FleetConfigPruner(store);
        await using (var other = await store.OpenAsync(CancellationToken.None))
        await using (var transaction = await other.BeginTransactionAsync())
        {
            await using var lockIt = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({FleetConfigPruner.LockKey})", other, transaction);
            await lockIt.ExecuteNonQueryAsync();

            Assert.Null(await pruner.PruneAsync(MaxAge, 1, Live, DateTimeOffset.UtcNow, CancellationToken.None));
            Assert.Equal(5, (await IdsAsync(store)).Length);
        }

        // The other transaction ended, and its lock with it: #5 (newest) and #4 (rollback target) stay.
        Assert.Equal(3, (await pruner.PruneAsync(MaxAge, 1, Live, DateTimeOffset.UtcNow, CancellationToken.None))!.Versions);
        Assert.Equal(new long[] { 4L, 5 }, await IdsAsync(store));
    }

    private async Task<FleetStore> StoreAsync(string database)
    {
        var store = new FleetStore(await postgres.Server.CreateDatabaseAsync(database));
        await store.EnsureSchemaAsync(CancellationToken.None);
        return store;
    }

    private static async Task PublishAsync(FleetStore store, int count, bool forced = false)
    {
        for (var i = 0; i < count; i++)
        {
            await store.PublishAsync($"# version {Guid.NewGuid()}\n", "test", "[]", forced, null, null, CancellationToken.None);
        }
    }

    private static Task ReportAsync(FleetStore store, string name, long served, long? refused) =>
        store.ReportAsync(new InstanceReport(name, 1, "", "", served, refused, refused is null ? null : "refused", DateTimeOffset.UtcNow), [], CancellationToken.None);

    private static async Task<long[]> IdsAsync(FleetStore store)
    {
        await using var command = store.Source.CreateCommand("SELECT id FROM fulcrum_config_versions ORDER BY id");
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }
        return [.. ids];
    }

    private static async Task ExecAsync(FleetStore store, string sql)
    {
        await using var command = store.Source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
