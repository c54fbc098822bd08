using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class ClusterBalancerTests
{
    private static readonly long Second = TimeSpan.TicksPerSecond;
    private static readonly PassiveHealthConfig Passive = new(3, TimeSpan.FromSeconds(30), 50);

    private readonly FakeTimeProvider _time = new();
    private readonly List<BalancerEvent> _events = [];

    [Fact]
    public void Ejects_after_the_consecutive_failure_threshold_and_a_success_resets_the_streak()
    {
        var balancer = Create([1, 1, 1, 1]);
        var a = balancer.Backends[0];

        Fail(balancer, a, 2, at: 0);
        balancer.RecordOutcome(a, 0, TimeSpan.FromMilliseconds(5), failure: false);
        Fail(balancer, a, 2, at: 0);
        Assert.False(a.Ejected);

        Fail(balancer, a, 1, at: 0);
        Assert.True(a.Ejected);
        Assert.DoesNotContain(a, balancer.Eligible);
        var ejected = Assert.Single(_events, e => e.Kind == BalancerEventKind.Ejected);
        Assert.Equal(("a", TimeSpan.FromSeconds(30), 1), (ejected.Destination, ejected.Duration, ejected.Count));
    }

    [Fact]
    public void Returns_when_the_ejection_is_over_lazily_on_pick_or_by_tick()
    {
        var balancer = Create([1, 1, 1, 1]);
        var a = balancer.Backends[0];
        Fail(balancer, a, 3, at: 0);

        balancer.Pick(new PickContext(29 * Second));
        Assert.True(a.Ejected);
        balancer.Pick(new PickContext(30 * Second));
        Assert.False(a.Ejected);
        Assert.Contains(a, balancer.Eligible);

        var b = balancer.Backends[1];
        Fail(balancer, b, 3, at: 100 * Second);
        balancer.Tick(130 * Second);
        Assert.False(b.Ejected);
        Assert.Equal(2, _events.Count(e => e.Kind == BalancerEventKind.Returned));
    }

    [Fact]
    public void Repeat_ejections_grow_up_to_ten_times_the_base()
    {
        var balancer = Create([1, 1, 1, 1]);
        var a = balancer.Backends[0];
        var now = 0L;
        var durations = new List<TimeSpan>();

        for (var round = 0; round < 12; round++)
        {
            Fail(balancer, a, 3, now);
            durations.Add(TimeSpan.FromTicks(a.Outlier.EjectedUntilTicks - now));
            now = a.Outlier.EjectedUntilTicks;
            balancer.Tick(now);
        }

        Assert.Equal([30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 300, 300], durations.Select(d => (int)d.TotalSeconds));
    }

    [Fact]
    public void The_ejection_count_decays_over_clean_periods()
    {
        var balancer = Create([1, 1, 1, 1]);
        var a = balancer.Backends[0];
        Fail(balancer, a, 3, 0);
        balancer.Tick(30 * Second);
        Fail(balancer, a, 3, 30 * Second); // second ejection: 60 s
        balancer.Tick(90 * Second);

        // Two base periods (60 s) clean: the count drops from 2 to 0, so the next ejection is the base again.
        Fail(balancer, a, 3, 150 * Second);

        Assert.Equal(TimeSpan.FromSeconds(30), TimeSpan.FromTicks(a.Outlier.EjectedUntilTicks - 150 * Second));
    }

    [Fact]
    public void Max_ejected_percent_caps_ejections_and_says_so()
    {
        var balancer = Create([1, 1, 1], new PassiveHealthConfig(3, TimeSpan.FromSeconds(30), 50)); // floor(1.5) = 1

        Fail(balancer, balancer.Backends[0], 3, 0);
        Fail(balancer, balancer.Backends[1], 3, 0);

        Assert.Equal([true, false, false], balancer.Backends.Select(b => b.Ejected));
        var skipped = Assert.Single(_events, e => e.Kind == BalancerEventKind.EjectionSkippedByCap);
        Assert.Equal("b", skipped.Destination);
        Assert.Equal(0, balancer.Backends[1].Outlier.ConsecutiveFailures);
    }

    [Fact]
    public void A_returning_backend_ramps_up_through_slow_start()
    {
        var balancer = Create([1, 1, 1, 1], slowStart: TimeSpan.FromSeconds(60));
        var a = balancer.Backends[0];
        Assert.False(a.IsRamping(0)); // no ramp at the very first construction
        Fail(balancer, a, 3, 0);

        balancer.Tick(30 * Second);

        Assert.True(a.IsRamping(30 * Second));
        Assert.Equal(0.25, a.WeightAt(45 * Second), 6);
        Assert.Equal(0.5, a.WeightAt(60 * Second), 6);
        Assert.Equal(1.0, a.WeightAt(90 * Second), 6);
        Assert.Contains(_events, e => e.Kind == BalancerEventKind.SlowStartBegan && e.Destination == "a");
        // The picker honors the ramp: at 45 s a weighs 0.25 against three times 1.
        var picks = Enumerable.Range(0, 1300).Count(_ => balancer.Pick(new PickContext(45 * Second)) == a);
        Assert.InRange(picks, 95, 105);
    }

    [Fact]
    public void A_destination_added_on_reload_ramps_but_kept_ones_do_not()
    {
        var first = Create([1, 1], slowStart: TimeSpan.FromSeconds(30));
        var reloaded = new ClusterBalancer(
            TestBackends.Cluster(PolicyKind.RoundRobin, [1, 1, 1], slowStart: TimeSpan.FromSeconds(30)),
            _time, new Random(1), first.Backends);

        var now = reloaded.NowTicks();
        Assert.Same(first.Backends[0], reloaded.Backends[0]);
        Assert.Equal([false, false, true], reloaded.Backends.Select(b => b.IsRamping(now)));
        var began = Assert.Single(reloaded.StartupEvents);
        Assert.Equal((BalancerEventKind.SlowStartBegan, "c"), (began.Kind, began.Destination));
        Assert.Empty(first.StartupEvents);
    }

    [Fact]
    public void Recovering_from_an_active_health_failure_ramps()
    {
        var balancer = Create([1, 1], slowStart: TimeSpan.FromSeconds(30));
        var b = balancer.Backends[1];

        balancer.SetActiveHealth(b, healthy: false);
        Assert.DoesNotContain(b, balancer.Eligible);
        balancer.SetActiveHealth(b, healthy: true);

        Assert.True(b.IsRamping(balancer.NowTicks()));
        Assert.Equal(2, _events.Count(e => e.Kind == BalancerEventKind.HealthChanged));
    }

    [Fact]
    public void Panic_spreads_over_all_when_none_is_eligible_and_ends_when_one_returns()
    {
        var balancer = Create([1, 1], new PassiveHealthConfig(3, TimeSpan.FromSeconds(30), 100));
        var changes = 0;
        balancer.EligibilityChanged += _ => changes++;

        Fail(balancer, balancer.Backends[0], 3, 0);
        Fail(balancer, balancer.Backends[1], 3, 0);

        Assert.True(balancer.Panic);
        Assert.Equal(2, balancer.Eligible.Count);
        var picked = Enumerable.Range(0, 10).Select(_ => balancer.Pick(new PickContext(Second))!.Name).Distinct();
        Assert.Equal(2, picked.Count());

        balancer.Tick(31 * Second);
        Assert.False(balancer.Panic);
        Assert.Equal(
            [BalancerEventKind.Ejected, BalancerEventKind.Ejected, BalancerEventKind.PanicEntered,
             BalancerEventKind.Returned, BalancerEventKind.Returned, BalancerEventKind.PanicExited],
            _events.Select(e => e.Kind));
        Assert.Equal(3, changes);
    }

    [Fact]
    public void Without_passive_health_failures_never_eject()
    {
        var balancer = new ClusterBalancer(TestBackends.Cluster(PolicyKind.RoundRobin, [1, 1]), _time, new Random(1));

        Fail(balancer, balancer.Backends[0], 100, 0);

        Assert.False(balancer.Backends[0].Ejected);
    }

    [Fact]
    public void Recording_outcomes_and_picking_allocate_nothing()
    {
        var balancer = Create([1, 2, 3]);
        var a = balancer.Backends[0];

        Assert.Equal(0, TestBackends.AllocatedBy(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                var chosen = balancer.Pick(new PickContext(i))!;
                balancer.RecordOutcome(chosen, i, TimeSpan.FromMilliseconds(3), failure: i % 2 == 0);
            }
        }));
        Assert.False(a.Ejected);
    }

    [Theory]
    [InlineData(PolicyKind.RoundRobin)]
    [InlineData(PolicyKind.LeastRequests)]
    [InlineData(PolicyKind.Maglev)]
    public void Concurrent_picks_and_outcomes_keep_the_state_consistent(PolicyKind policy)
    {
        // Four threads pick and record against one balancer while backend a fails half its requests, so
        // ejections, returns and slow starts happen under load. Time is per-thread virtual time.
        var balancer = new ClusterBalancer(
            TestBackends.Cluster(policy, [1, 2, 3, 4], new PassiveHealthConfig(2, TimeSpan.FromMilliseconds(50), 25), TimeSpan.FromMilliseconds(100)),
            _time, Random.Shared);
        var ejections = 0;
        var tooManyEjected = false;
        balancer.Event += e =>
        {
            if (e.Kind == BalancerEventKind.Ejected)
            {
                Interlocked.Increment(ref ejections);
                tooManyEjected |= balancer.Backends.Count(b => b.Ejected) > 1;
            }
        };

        Parallel.For(0, 4, thread =>
        {
            var random = new Random(thread);
            for (var i = 0; i < 20_000; i++)
            {
                var now = i * TimeSpan.TicksPerMillisecond / 10;
                var chosen = balancer.Pick(new PickContext(now, (ulong)random.NextInt64(), HasKey: true))!;
                chosen.RequestStarted();
                var failed = chosen.Name == "a" && random.Next(2) == 0;
                balancer.RecordOutcome(chosen, now, TimeSpan.FromMilliseconds(failed ? 1 : 10), failed);
                chosen.RequestEnded();
            }
        });

        Assert.True(ejections > 0);
        Assert.False(tooManyEjected, "max-ejected-percent 25 % of 4 allows one ejection at a time");
        Assert.All(balancer.Backends, b => Assert.Equal(0, b.InFlight));
        Assert.NotEmpty(balancer.Eligible);
    }

    private ClusterBalancer Create(int[] weights, PassiveHealthConfig? passive = null, TimeSpan? slowStart = null)
    {
        var balancer = new ClusterBalancer(
            TestBackends.Cluster(PolicyKind.RoundRobin, weights, passive ?? Passive, slowStart), _time, new Random(1));
        balancer.Event += _events.Add;
        return balancer;
    }

    private static void Fail(ClusterBalancer balancer, Backend backend, int times, long at)
    {
        for (var i = 0; i < times; i++)
        {
            balancer.RecordOutcome(backend, at, TimeSpan.FromMilliseconds(1), failure: true);
        }
    }
}
