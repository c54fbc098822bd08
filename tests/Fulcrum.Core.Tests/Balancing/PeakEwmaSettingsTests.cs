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
    public void Expected_delay_takes_the_fastest_destination_with_a_free_slot_and_the_slow_one_only_past_the_queue_it_saves()
    {
        // parallelism 8 = the destinations' real concurrency. cost = latency × max(in-flight + 1, 8): a 10 × 8 = 80
        // (3 in flight, free slots), b 10 × 8 = 80, c 20 × 8 = 160. Under (in-flight + 8) a would cost 110 and b 120;
        // under expected-delay free slots cost nothing, so the fast ones fill them first.
        var backends = FastBusySlowIdle();
        var jsed = new PeakEwmaConfig(Choices: 3, Parallelism: 8, Cost: PeakEwmaCost.ExpectedDelay);

        Assert.DoesNotContain("c", Picks(backends, jsed).Keys);

        // Full and queueing, 14 in flight each: a 10 × 15 = 150 < c 160, so a request still joins a fast queue that
        // ends before c would answer; the load cost with the same parallelism already sends it to c (10 × 22 = 220).
        Start(backends[0], 11);
        Start(backends[1], 10);
        Assert.Equal(["a"], Picks(backends, jsed).Keys);
        Assert.Equal(["c"], Picks(backends, new PeakEwmaConfig(Choices: 3, Parallelism: 8)).Keys);
        // Two more on each (10 × 17 = 170): now the fast queues are longer than c's response time, and c takes it.
        Start(backends[0], 2);
        Start(backends[1], 2);
        Assert.Equal(["c"], Picks(backends, jsed).Keys);
    }

    [Fact]
    public void Expected_delay_with_a_fake_clock_keeps_the_slow_destination_idle_while_the_fast_ones_have_room()
    {
        // Destinations answering in 10, 10 and 20 ms, one request every 0.5 ms (2,000 req/s): the fast ones hold about
        // 10 in flight each. The picker, driven by a fake clock and the responses it causes: with expected-delay and
        // P = 8 a fast destination is cheaper until 16 are in flight (10 × 16 = 20 × 8), so the slow one stays idle
        // once its first answers are known; the load cost (P = 8) equalizes 10 × (n + 8) = 20 × (m + 8), about 2 %.
        Assert.InRange(SlowShare(new PeakEwmaConfig(3, 8, PeakEwmaCost.ExpectedDelay)), 0, 3);
        Assert.InRange(SlowShare(new PeakEwmaConfig(3, 8)), 8, 200);
    }

    /// <summary>Picks of the slow destination over 1,000 requests after 200 warm-up ones, time from a <see cref="FakeTimeProvider"/>.</summary>
    private static int SlowShare(PeakEwmaConfig settings)
    {
        var clock = new FakeTimeProvider();
        var cluster = TestBackends.Cluster(PolicyKind.PeakEwma, [1, 1, 1]) with { PeakEwma = settings };
        var balancer = new ClusterBalancer(cluster, clock, new Random(3));
        var service = new[] { TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20) };
        var pending = new PriorityQueue<(Backend Backend, long SentTicks), long>();
        var slow = 0;
        for (var i = 0; i < 1_200; i++)
        {
            var now = balancer.NowTicks();
            while (pending.TryPeek(out var done, out var at) && at <= now)
            {
                pending.Dequeue();
                done.Backend.RequestEnded();
                done.Backend.Latency.Observe(at, TimeSpan.FromTicks(at - done.SentTicks));
            }
            var backend = balancer.Pick(new PickContext(now)) ?? throw new InvalidOperationException("no destination picked");
            backend.RequestStarted();
            pending.Enqueue((backend, now), now + service[backend.Index].Ticks);
            if (i >= 200 && backend.Index == 2)
            {
                slow++;
            }
            clock.Advance(TimeSpan.FromMilliseconds(0.5));
        }
        return slow;
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
