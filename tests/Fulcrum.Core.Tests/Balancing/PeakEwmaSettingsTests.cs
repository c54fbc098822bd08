using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Balancing;

/// <summary>Peak-ewma's <c>choices</c> and <c>parallelism</c> (<see cref="PeakEwmaConfig"/>): what each changes in a pick.</summary>
public sealed class PeakEwmaSettingsTests
{
    /// <summary>a and b answer in 10 ms with 3 and 4 in flight, c in 20 ms with nothing in flight.</summary>
    private static Backend[] FastBusySlowIdle()
    {
        var backends = TestBackends.Uniform(3);
        backends[0].Latency.Observe(0, TimeSpan.FromMilliseconds(10));
        backends[1].Latency.Observe(0, TimeSpan.FromMilliseconds(10));
        backends[2].Latency.Observe(0, TimeSpan.FromMilliseconds(20));
        Start(backends[0], 3);
        Start(backends[1], 4);
        return backends;
    }

    private static void Start(Backend backend, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            backend.RequestStarted();
        }
    }

    private static Dictionary<string, int> Picks(Backend[] backends, PeakEwmaConfig settings, int count = 3_000)
    {
        var picker = new PeakEwmaPicker(new Random(11), settings);
        picker.Update(backends);
        return TestBackends.Count(picker, count);
    }

    [Fact]
    public void Three_choices_over_three_destinations_always_take_the_cheapest()
    {
        // Costs (single-server, parallelism 1): a 10 × 4 = 40, b 10 × 5 = 50, c 20 × 1 = 20.
        var backends = FastBusySlowIdle();

        Assert.Equal(["c"], Picks(backends, new PeakEwmaConfig(Choices: 3)).Keys);
        // Two choices draw the pair (a, b) a third of the time and give it to a: the cheapest is not always found.
        var two = Picks(backends, PeakEwmaConfig.Default);
        Assert.InRange(two.GetValueOrDefault("a"), 800, 1_200);
        Assert.False(two.ContainsKey("b"));
    }

    [Fact]
    public void Parallelism_lets_a_fast_destination_queue_before_a_slow_idle_one_is_cheaper()
    {
        // With parallelism 16: a 10 × (3 + 16) = 190, b 10 × 20 = 200, c 20 × 16 = 320: a few requests in flight on
        // a fast destination do not make it slower than an idle one at twice its response time.
        var backends = FastBusySlowIdle();

        Assert.Equal(["a"], Picks(backends, new PeakEwmaConfig(Choices: 3, Parallelism: 16)).Keys);

        // Once the fast ones hold 16 more each, the slow one is the cheaper: 10 × 35 = 350 and 10 × 36 = 360 > 320.
        Start(backends[0], 16);
        Start(backends[1], 16);
        Assert.Equal(["c"], Picks(backends, new PeakEwmaConfig(Choices: 3, Parallelism: 16)).Keys);
    }

    [Fact]
    public void Three_of_ten_candidates_are_distinct_so_the_two_dearest_never_win()
    {
        // Equal latency, in-flight 0..9: the dearest can only win a draw of three with two candidates dearer still,
        // which do not exist when the candidates are distinct; the second dearest needs two dearer, one exists.
        var backends = TestBackends.Uniform(10);
        for (var i = 0; i < backends.Length; i++)
        {
            backends[i].Latency.Observe(0, TimeSpan.FromMilliseconds(10));
            Start(backends[i], i);
        }

        var picks = Picks(backends, new PeakEwmaConfig(Choices: 3), 20_000);

        Assert.False(picks.ContainsKey(backends[9].Name));
        Assert.False(picks.ContainsKey(backends[8].Name));
        // The cheapest is among three distinct candidates with probability 3/10; with two, 2/10.
        Assert.InRange(picks[backends[0].Name], 5_400, 6_600);
        Assert.InRange(Picks(backends, PeakEwmaConfig.Default, 20_000)[backends[0].Name], 3_400, 4_600);
    }

    [Fact]
    public void The_cluster_config_reaches_the_picker_through_the_registry()
    {
        var cluster = TestBackends.Cluster(PolicyKind.PeakEwma, [1, 1, 1]) with { PeakEwma = new PeakEwmaConfig(3, 16) };
        var balancer = new ClusterBalancer(cluster, new FakeTimeProvider(), new Random(5));
        var b = balancer.Backends;
        b[0].Latency.Observe(0, TimeSpan.FromMilliseconds(10));
        b[1].Latency.Observe(0, TimeSpan.FromMilliseconds(10));
        b[2].Latency.Observe(0, TimeSpan.FromMilliseconds(20));
        Start(b[0], 3);
        Start(b[1], 4);

        for (var i = 0; i < 100; i++)
        {
            Assert.Same(b[0], balancer.Pick(new PickContext(0)));
        }
    }
}
