using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Balancing;

/// <summary>The cluster-wide in-flight total that bounded-load hashing reads instead of summing every backend.</summary>
public sealed class ClusterInFlightTests
{
    [Fact]
    public void A_cluster_keeps_one_total_across_reloads()
    {
        var first = new ClusterBalancer(TestBackends.Cluster(PolicyKind.Maglev, [1, 1]), new FakeTimeProvider());
        first.Backends[0].RequestStarted();
        first.Backends[1].RequestStarted();

        var reloaded = new ClusterBalancer(TestBackends.Cluster(PolicyKind.Maglev, [1, 1, 1]), new FakeTimeProvider(), previous: first.Backends);
        var total = reloaded.Backends[0].Cluster;
        reloaded.Backends[2].RequestStarted();

        Assert.All(reloaded.Backends, b => Assert.Same(total, b.Cluster));
        Assert.Same(first.Backends[0], reloaded.Backends[0]);
        Assert.Equal(3, total.Count);
        foreach (var backend in reloaded.Backends)
        {
            backend.RequestEnded();
        }
        Assert.Equal(0, total.Count);
    }

    [Fact]
    public void Bounded_loads_count_what_a_destination_out_of_the_set_still_drains()
    {
        // a, b eligible; c was just ejected and still holds 10 requests. Total 15: a's cap is ⌈1 × 16 × ½⌉ = 8.
        var backends = TestBackends.Make(1, 1, 1);
        Start(backends[0], 5);
        Start(backends[2], 10);
        var table = new HashTable([backends[0], backends[1]], [0, 1], balanceFactor: 1.0);

        Assert.Equal(15, backends[0].Cluster.Count);
        Assert.Equal(0, table.Choose(start: 0, key: 42, nowTicks: 0));
    }

    [Fact]
    public void Backends_that_share_no_total_are_summed()
    {
        // Built one by one, as a hand-assembled set: total 5 on the set, a's cap is ⌈1 × 6 × ½⌉ = 3, so the key moves on.
        Backend[] backends = [new("a", 0, 1), new("b", 1, 1)];
        Start(backends[0], 5);
        var table = new HashTable(backends, [0, 1], balanceFactor: 1.0);

        Assert.NotSame(backends[0].Cluster, backends[1].Cluster);
        Assert.Equal(1, table.Choose(start: 0, key: 42, nowTicks: 0));
    }

    private static void Start(Backend backend, int count)
    {
        for (var i = 0; i < count; i++)
        {
            backend.RequestStarted();
        }
    }
}
