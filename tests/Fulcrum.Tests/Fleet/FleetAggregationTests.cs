using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Fleet;

namespace Fulcrum.Tests.Fleet;

/// <summary>The fleet's sums and judgment, without a database: what GET /api/fleet/clusters computes from the rows.</summary>
public sealed class FleetAggregationTests
{
    private static readonly FairnessConfig Fairness = FairnessConfig.Default with { MinRequests = 100 };

    [Fact]
    public void Counts_add_up_across_instances_and_are_judged_as_one_cluster()
    {
        var counts = new[]
        {
            Instance("one", ("a", 1, true, 500), ("b", 1, true, 500)),
            Instance("two", ("a", 1, true, 300), ("b", 1, true, 300)),
        };

        var cluster = Assert.Single(FleetAggregation.Judge(counts, Fairness));

        Assert.Equal(1600, cluster.Judgment.WindowRequests);
        Assert.Equal([800L, 800L], cluster.Destinations.Select(d => d.Requests));
        Assert.Equal(VerdictKind.Balanced, cluster.Judgment.Kind);
        Assert.All(cluster.Instances, i => Assert.False(i.Skewed));
    }

    [Fact]
    public void An_instance_that_ejected_a_destination_is_expected_to_send_it_nothing()
    {
        // "two" had b ejected: sending everything to a is what it should do, so the fleet is not skewed by it.
        var counts = new[]
        {
            Instance("one", ("a", 1, true, 500), ("b", 1, true, 500)),
            Instance("two", ("a", 1, true, 1000), ("b", 1, false, 0)),
        };

        var cluster = Assert.Single(FleetAggregation.Judge(counts, Fairness));

        Assert.Equal(1500.0 / 2000, cluster.Judgment.Expected[0], 3);
        Assert.Equal(VerdictKind.Balanced, cluster.Judgment.Kind);
    }

    [Fact]
    public void An_instance_whose_split_differs_from_the_fleets_is_flagged()
    {
        var counts = new[]
        {
            Instance("one", ("a", 1, true, 1000), ("b", 1, true, 1000)),
            Instance("two", ("a", 1, true, 1000), ("b", 1, true, 1000)),
            Instance("odd", ("a", 1, true, 900), ("b", 1, true, 100)),
        };

        var cluster = Assert.Single(FleetAggregation.Judge(counts, Fairness));

        Assert.True(cluster.Instances.Single(i => i.Instance == "odd").Skewed);
        Assert.False(cluster.Instances.Single(i => i.Instance == "one").Skewed);
    }

    private static ClusterCounts Instance(string name, params (string Name, int Weight, bool Eligible, long Requests)[] destinations) =>
        new(name, "web", "round-robin", destinations.Select(d => new DestinationCounts(
            new DestinationWindow(d.Name, d.Weight, d.Eligible, null, d.Eligible ? d.Weight : 0, d.Requests, 0, null, null, null),
            new long[LatencyBuckets.Count])).ToArray());
}
