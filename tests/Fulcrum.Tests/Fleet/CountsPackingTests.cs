using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Fleet;

namespace Fulcrum.Tests.Fleet;

/// <summary>One instance's report packed as the fleet store keeps it: exact round trips, and refusals of broken input.</summary>
public sealed class CountsPackingTests
{
    [Fact]
    public void Every_field_round_trips_exactly_including_absent_ones()
    {
        var latency = new long[LatencyBuckets.Count];
        latency[0] = long.MaxValue;
        latency[7] = 128;
        ClusterCounts[] clusters =
        [
            new("i", "wéb-ünï", "Fulcrum.Primary", [
                Counts("ä", 3, true, 12.5, 1.0 / 3, long.MaxValue, 0, 0.1, latency),
                Counts("b", 0, false, null, 0, 0, 0, null, new long[LatencyBuckets.Count]),
            ], PolicyKind.FirstAvailable),
            new("i", "api", "round-robin", [Counts("x", -1, true, double.Epsilon, 2, 1, 1, double.MaxValue, latency)]),
            new("i", "empty", "random", []),
        ];

        var read = CountsPacking.Unpack("i", CountsPacking.Pack(clusters));

        Assert.Equal(clusters.Select(c => (c.Instance, c.Cluster, c.Policy, c.JudgedAs)), read.Select(c => (c.Instance, c.Cluster, c.Policy, c.JudgedAs)));
        Assert.Equal(clusters.SelectMany(c => c.Destinations.Select(d => d.Window)), read.SelectMany(c => c.Destinations.Select(d => d.Window)));
        Assert.Equal(clusters.SelectMany(c => c.Destinations.Select(d => d.Latency.ToArray())), read.SelectMany(c => c.Destinations.Select(d => d.Latency.ToArray())));
    }

    [Fact]
    public void Nothing_reported_packs_to_an_empty_list()
    {
        Assert.Empty(CountsPacking.Unpack("i", CountsPacking.Pack([])));
    }

    [Fact]
    public void Broken_input_is_refused_naming_the_instance()
    {
        var packed = CountsPacking.Pack([new ClusterCounts("i", "web", "round-robin", [Counts("a", 1, true, null, 1, 5, 0, null, new long[LatencyBuckets.Count])])]);

        foreach (var broken in new[] { [], packed[..^1], [.. packed, 0], [(byte)2, .. packed[1..]] })
        {
            var error = Assert.Throws<FormatException>(() => CountsPacking.Unpack("edge-7", broken));
            Assert.True(broken.Length < packed.Length || error.Message.Contains("edge-7", StringComparison.Ordinal), error.Message);
        }
    }

    private static DestinationCounts Counts(string name, int weight, bool eligible, double? capacity, double effective, long requests, long failures,
        double? inFlight, long[] latency) =>
        new(new DestinationWindow(name, weight, eligible, capacity, effective, requests, failures,
            LatencyBuckets.Quantile(latency, 0.50), LatencyBuckets.Quantile(latency, 0.99), inFlight), latency);
}
