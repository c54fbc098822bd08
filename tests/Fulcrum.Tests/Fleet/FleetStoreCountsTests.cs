using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Fleet;

namespace Fulcrum.Tests.Fleet;

/// <summary>
/// The window counts on a real PostgreSQL: what an instance reports is what the fleet view reads back (histograms
/// packed, one row per instance), so the fleet's judged shares are the same as judging the reports themselves; rows
/// an instance of an earlier version writes (one per destination, a <c>bigint[]</c> or packed histogram) are still read.
/// </summary>
public sealed class FleetStoreCountsTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Live = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Counts_read_back_exactly_as_reported_and_judge_the_same()
    {
        await using var store = new FleetStore(await postgres.Server.CreateDatabaseAsync("counts_roundtrip"));
        await store.EnsureSchemaAsync(CancellationToken.None);
        var random = new Random(7);
        var reported = new[] { "one", "two", "three" }.Select(name => new[]
        {
            Cluster(name, "web", random, ("a", 3), ("b", 1), ("c", 1)),
            Cluster(name, "api", random, ("x", 1), ("y", 1)),
        }).ToArray();
        foreach (var clusters in reported)
        {
            await store.ReportAsync(Report(clusters[0].Instance), clusters, CancellationToken.None);
        }

        var read = await store.LiveCountsAsync(Live, CancellationToken.None);

        var expected = reported.SelectMany(c => c).OrderBy(c => c.Instance, StringComparer.Ordinal).ThenBy(c => c.Cluster, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Select(c => (c.Instance, c.Cluster, c.Policy)), read.Select(c => (c.Instance, c.Cluster, c.Policy)));
        foreach (var (want, got) in expected.Zip(read))
        {
            Assert.Equal(want.Destinations.Select(d => d.Window), got.Destinations.Select(d => d.Window));
            Assert.Equal(want.Destinations.Select(d => d.Latency.ToArray()), got.Destinations.Select(d => d.Latency.ToArray()));
        }
        var fromReports = FleetAggregation.Judge(expected, FairnessConfig.Default);
        var fromStore = FleetAggregation.Judge(read, FairnessConfig.Default);
        Assert.Equal(fromReports.Select(c => (c.Name, c.Judgment.Summary)), fromStore.Select(c => (c.Name, c.Judgment.Summary)));
        Assert.Equal(fromReports.SelectMany(c => c.Judgment.Expected.Concat(c.Judgment.Fair)), fromStore.SelectMany(c => c.Judgment.Expected.Concat(c.Judgment.Fair)));
        Assert.Equal(fromReports.SelectMany(c => c.Destinations), fromStore.SelectMany(c => c.Destinations));
    }

    [Fact]
    public async Task Rows_an_instance_of_an_earlier_version_writes_per_destination_are_read_beside_the_packed_reports()
    {
        await using var store = new FleetStore(await postgres.Server.CreateDatabaseAsync("counts_legacy"));
        await store.EnsureSchemaAsync(CancellationToken.None);
        var latency = Enumerable.Range(0, LatencyBuckets.Count).Select(i => (long)(i % 7) * 1_000_003).ToArray();
        var old = new ClusterCounts("old", "web", "round-robin", [Destination("a", 1, 500, latency), Destination("b", 1, 480, latency)]);
        var current = new ClusterCounts("new", "web", "round-robin", [Destination("a", 1, 300, latency), Destination("b", 1, 310, latency)]);
        await store.ReportAsync(Report("new"), [current], CancellationToken.None);
        // As an instance of an earlier version reports: its heartbeat, and one row per destination (the first with a
        // bigint[] histogram and a stale packed value, as an upgrade left it; the second packed).
        await store.ReportAsync(Report("old"), [], CancellationToken.None);
        await ExecAsync(store, "DELETE FROM fulcrum_instance_counts WHERE instance = 'old'");
        await InsertLegacyAsync(store, old);
        await using (var legacy = store.Source.CreateCommand(
            "UPDATE fulcrum_window_counts SET latency = @latency, latency_packed = @stale WHERE instance = 'old' AND destination = 'a'"))
        {
            legacy.Parameters.AddWithValue("latency", latency);
            legacy.Parameters.AddWithValue("stale", LatencyPacking.Pack(new long[LatencyBuckets.Count]));
            await legacy.ExecuteNonQueryAsync();
        }

        var read = await store.LiveCountsAsync(Live, CancellationToken.None);

        Assert.Equal(["new", "old"], read.Select(c => c.Instance));
        Assert.Equal(current.Destinations.Select(d => d.Window), read[0].Destinations.Select(d => d.Window));
        Assert.Equal(old.Destinations.Select(d => d.Window), read[1].Destinations.Select(d => d.Window));
        Assert.All(read.SelectMany(c => c.Destinations), d => Assert.Equal(latency, d.Latency));
        var fleet = Assert.Single(FleetAggregation.Judge(read, FairnessConfig.Default));
        Assert.Equal([800L, 790L], fleet.Destinations.Select(d => d.Requests));
    }

    [Fact]
    public async Task An_instance_upgraded_from_the_per_destination_layout_is_counted_once()
    {
        await using var store = new FleetStore(await postgres.Server.CreateDatabaseAsync("counts_upgrade"));
        await store.EnsureSchemaAsync(CancellationToken.None);
        var latency = new long[LatencyBuckets.Count];
        latency[4] = 10;
        await store.ReportAsync(Report("one"), [], CancellationToken.None);
        await InsertLegacyAsync(store, new ClusterCounts("one", "web", "round-robin", [Destination("a", 1, 999, latency)]));

        // The same instance, restarted on this version, reports its current counts.
        await store.ReportAsync(Report("one"), [new ClusterCounts("one", "web", "round-robin", [Destination("a", 1, 10, latency)])], CancellationToken.None);

        var read = Assert.Single(await store.LiveCountsAsync(Live, CancellationToken.None));
        Assert.Equal(10, Assert.Single(read.Destinations).Window.Requests);
        await using var rows = store.Source.CreateCommand("SELECT count(*) FROM fulcrum_window_counts");
        Assert.Equal(0L, await rows.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_cluster_removed_by_a_reload_leaves_the_view_with_the_next_report()
    {
        await using var store = new FleetStore(await postgres.Server.CreateDatabaseAsync("counts_removed"));
        await store.EnsureSchemaAsync(CancellationToken.None);
        var random = new Random(3);
        await store.ReportAsync(Report("one"), [Cluster("one", "web", random, ("a", 1)), Cluster("one", "api", random, ("x", 1))], CancellationToken.None);

        await store.ReportAsync(Report("one"), [Cluster("one", "web", random, ("a", 1), ("b", 1))], CancellationToken.None);

        var read = Assert.Single(await store.LiveCountsAsync(Live, CancellationToken.None));
        Assert.Equal("web", read.Cluster);
        Assert.Equal(["a", "b"], read.Destinations.Select(d => d.Window.Name));
    }

    [Fact]
    public async Task A_silent_instance_is_left_out_of_the_view()
    {
        await using var store = new FleetStore(await postgres.Server.CreateDatabaseAsync("counts_silent"));
        await store.EnsureSchemaAsync(CancellationToken.None);
        var random = new Random(5);
        foreach (var name in new[] { "live", "silent" })
        {
            await store.ReportAsync(Report(name), [Cluster(name, "web", random, ("a", 1))], CancellationToken.None);
        }
        await ExecAsync(store, "UPDATE fulcrum_instances SET heartbeat = now() - interval '2 minutes' WHERE name = 'silent'");

        Assert.Equal("live", Assert.Single(await store.LiveCountsAsync(Live, CancellationToken.None)).Instance);
    }

    [Fact]
    public async Task A_damaged_report_leaves_its_instance_out_and_is_named_instead_of_failing_the_view()
    {
        await using var store = new FleetStore(await postgres.Server.CreateDatabaseAsync("counts_damaged"));
        await store.EnsureSchemaAsync(CancellationToken.None);
        var random = new Random(7);
        foreach (var name in new[] { "good", "damaged", "huge" })
        {
            await store.ReportAsync(Report(name), [Cluster(name, "web", random, ("a", 1))], CancellationToken.None);
        }
        // A truncated report, and one whose cluster count claims two billion clusters (must not be allocated).
        await ExecAsync(store, "UPDATE fulcrum_instance_counts SET counts = substring(counts from 1 for 5) WHERE instance = 'damaged'");
        await ExecAsync(store, "UPDATE fulcrum_instance_counts SET counts = '\\x01ffffffff07'::bytea WHERE instance = 'huge'");
        var skipped = new List<(string Instance, string Reason)>();

        var read = await store.LiveCountsAsync(Live, CancellationToken.None, (instance, reason) => skipped.Add((instance, reason)));

        Assert.Equal("good", Assert.Single(read).Instance);
        Assert.Equal(["damaged", "huge"], skipped.Select(s => s.Instance).Order());
        Assert.Contains("claim 2147483647 items", skipped.Single(s => s.Instance == "huge").Reason);
    }

    [Fact]
    public async Task A_registered_policy_is_recorded_by_its_configured_name_and_judged_by_the_promise_it_declared()
    {
        await using var store = new FleetStore(await postgres.Server.CreateDatabaseAsync("counts_custom_policy"));
        await store.EnsureSchemaAsync(CancellationToken.None);
        // Everything on the first destination: what first-available promises, and skewed by round-robin's weight shares.
        var latency = new long[LatencyBuckets.Count];
        latency[5] = 900;
        ClusterCounts Custom(string instance) => new(instance, "web", "Fulcrum.Primary",
            [Destination("a", 1, 900, latency), Destination("b", 1, 0, new long[LatencyBuckets.Count])], PolicyKind.FirstAvailable);
        foreach (var instance in new[] { "one", "two" })
        {
            await store.ReportAsync(Report(instance), [Custom(instance)], CancellationToken.None);
        }

        var read = await store.LiveCountsAsync(Live, CancellationToken.None);

        Assert.All(read, c => Assert.Equal(("Fulcrum.Primary", PolicyKind.FirstAvailable), (c.Policy, c.JudgedAs)));
        var fleet = Assert.Single(FleetAggregation.Judge(read, FairnessConfig.Default));
        Assert.Equal("Fulcrum.Primary", fleet.Policy);
        var asDeclared = FairnessJudge.Judge("web", PolicyKind.FirstAvailable, fleet.Destinations, FairnessConfig.Default);
        var asRoundRobin = FairnessJudge.Judge("web", PolicyKind.RoundRobin, fleet.Destinations, FairnessConfig.Default);
        Assert.NotEqual(asRoundRobin.Kind, asDeclared.Kind);
        Assert.Equal((asDeclared.Kind, asDeclared.Summary), (fleet.Judgment.Kind, fleet.Judgment.Summary));
    }

    /// <summary>Rows as an instance of an earlier version writes them: one per destination, histograms packed.</summary>
    private static async Task InsertLegacyAsync(FleetStore store, ClusterCounts counts)
    {
        for (var i = 0; i < counts.Destinations.Count; i++)
        {
            var w = counts.Destinations[i].Window;
            await using var insert = store.Source.CreateCommand(
                """
                INSERT INTO fulcrum_window_counts (instance, cluster, destination, position, policy, weight, eligible, capacity, effective_weight,
                    requests, failures, latency, latency_packed, avg_in_flight, reported_at)
                VALUES (@instance, @cluster, @destination, @position, @policy, @weight, @eligible, @capacity, @effective, @requests, @failures,
                    '{}', @packed, @inflight, now())
                """);
            var p = insert.Parameters;
            p.AddWithValue("instance", counts.Instance);
            p.AddWithValue("cluster", counts.Cluster);
            p.AddWithValue("destination", w.Name);
            p.AddWithValue("position", i);
            p.AddWithValue("policy", counts.Policy);
            p.AddWithValue("weight", w.Weight);
            p.AddWithValue("eligible", w.Eligible);
            p.AddWithValue("capacity", (object?)w.Capacity ?? DBNull.Value);
            p.AddWithValue("effective", w.EffectiveWeight);
            p.AddWithValue("requests", w.Requests);
            p.AddWithValue("failures", w.Failures);
            p.AddWithValue("packed", LatencyPacking.Pack(counts.Destinations[i].Latency));
            p.AddWithValue("inflight", (object?)w.AverageInFlight ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private static async Task ExecAsync(FleetStore store, string sql)
    {
        await using var command = store.Source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static InstanceReport Report(string name) => new(name, 1, "", "", 1, null, null, DateTimeOffset.UtcNow);

    private static ClusterCounts Cluster(string instance, string name, Random random, params (string Name, int Weight)[] destinations) =>
        new(instance, name, "weighted-round-robin", destinations.Select(d =>
        {
            var latency = new long[LatencyBuckets.Count];
            var requests = 0L;
            for (var i = 0; i < 500 * d.Weight + random.Next(100); i++, requests++)
            {
                latency[Math.Min(latency.Length - 1, 5 + random.Next(20))] += 1 + random.Next(3) * 100_000;
            }
            return Destination(d.Name, d.Weight, requests, latency);
        }).ToArray());

    private static DestinationCounts Destination(string name, int weight, long requests, long[] latency) => new(
        new DestinationWindow(name, weight, true, 100, weight, requests, requests / 50,
            LatencyBuckets.Quantile(latency, 0.50), LatencyBuckets.Quantile(latency, 0.99), 1.5 * weight),
        latency);
}
