using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Fleet;

namespace Fulcrum.Tests.Fleet;

/// <summary>
/// The window counts on a real PostgreSQL: what an instance reports is what the fleet view reads back (histograms
/// packed), so the fleet's judged shares are the same as judging the reports themselves; rows in the previous layout
/// (a <c>bigint[]</c> histogram) are still read.
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
    public async Task A_row_in_the_previous_layout_is_read_from_its_array()
    {
        await using var store = new FleetStore(await postgres.Server.CreateDatabaseAsync("counts_legacy"));
        await store.EnsureSchemaAsync(CancellationToken.None);
        var latency = Enumerable.Range(0, LatencyBuckets.Count).Select(i => (long)(i % 7) * 1_000_003).ToArray();
        var cluster = new ClusterCounts("old", "web", "round-robin", [Destination("a", 1, 500, latency)]);
        await store.ReportAsync(Report("old"), [cluster], CancellationToken.None);
        // As an instance of the previous version writes it: the array, and whatever packed value an upgrade left behind.
        await using (var legacy = store.Source.CreateCommand(
            "UPDATE fulcrum_window_counts SET latency = @latency, latency_packed = @stale WHERE instance = 'old'"))
        {
            legacy.Parameters.AddWithValue("latency", latency);
            legacy.Parameters.AddWithValue("stale", LatencyPacking.Pack(new long[LatencyBuckets.Count]));
            await legacy.ExecuteNonQueryAsync();
        }

        var read = Assert.Single(await store.LiveCountsAsync(Live, CancellationToken.None));

        Assert.Equal(latency, read.Destinations[0].Latency);
        Assert.Equal(cluster.Destinations[0].Window, read.Destinations[0].Window);
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
