using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Balancing;

/// <summary>The success-ratio term of peak-ewma's cost: the estimator, and how the picker uses it.</summary>
public sealed class SuccessRateTests
{
    private static readonly long Second = TimeSpan.TicksPerSecond;
    private static readonly long Millisecond = TimeSpan.TicksPerMillisecond;

    [Fact]
    public void A_new_backend_counts_as_fully_successful_and_one_early_failure_is_not_a_verdict()
    {
        var rate = new SuccessRateEstimator();
        Assert.Equal(1.0, rate.At(0));

        rate.Observe(0, failure: true);

        Assert.Equal(1 - SuccessRateEstimator.MinimumWeight, rate.At(0), 9);
    }

    [Fact]
    public void Under_heavy_traffic_the_ratio_follows_the_last_few_dozen_requests()
    {
        var rate = new SuccessRateEstimator(TimeSpan.FromSeconds(10));
        var now = 0L;
        for (var i = 0; i < 1_000; i++, now += Millisecond)
        {
            rate.Observe(now, failure: i % 2 == 0);
        }
        Assert.InRange(rate.At(now), 0.45, 0.55);

        // 60 failures in a row (60 ms) bring it near zero although τ is 10 s.
        for (var i = 0; i < 60; i++, now += Millisecond)
        {
            rate.Observe(now, failure: true);
        }
        Assert.True(rate.At(now) < 0.05, $"success ratio {rate.At(now)}");
    }

    [Fact]
    public void After_a_quiet_spell_one_outcome_weighs_one_minus_e_to_the_minus_idle_over_tau()
    {
        var rate = new SuccessRateEstimator(TimeSpan.FromSeconds(10));
        rate.Observe(0, failure: false);

        rate.Observe(10 * Second, failure: true);

        Assert.Equal(Math.Exp(-1), rate.At(10 * Second), 9);
    }

    [Fact]
    public void A_shunned_backend_recovers_with_the_time_constant_so_it_gets_probed_again()
    {
        var rate = new SuccessRateEstimator(TimeSpan.FromSeconds(10));
        var now = 0L;
        for (var i = 0; i < 200; i++, now += Millisecond)
        {
            rate.Observe(now, failure: true);
        }
        var failures = 1 - rate.At(now);
        Assert.True(failures > 0.99, $"failure ratio {failures}");

        Assert.Equal(1 - failures * Math.Exp(-1), rate.At(now + 10 * Second), 9);
        Assert.True(rate.At(now + 60 * Second) > 0.99);
    }

    [Fact]
    public void The_decay_time_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuccessRateEstimator(TimeSpan.Zero));
    }

    [Fact]
    public void The_cost_is_divided_by_the_squared_ratio_floored_and_exactly_one_when_healthy()
    {
        var backends = TestBackends.Uniform(3);
        Fail(backends[1], 0, 1_000, everyOther: true);
        Fail(backends[2], 0, 1_000, everyOther: false);
        var now = 1_000 * Millisecond;

        Assert.Equal(1.0, PeakEwmaPicker.SuccessFactor(backends[0], now));
        var half = backends[1].SuccessRate.At(now);
        Assert.Equal(half * half, PeakEwmaPicker.SuccessFactor(backends[1], now), 12);
        Assert.Equal(PeakEwmaPicker.MinimumSuccess * PeakEwmaPicker.MinimumSuccess, PeakEwmaPicker.SuccessFactor(backends[2], now), 12);
    }

    [Fact]
    public void A_half_failing_backend_loses_to_a_healthy_one_holding_more_in_flight()
    {
        // Same latency; b holds 2 requests (load term 3), a none (1). Failure-blind, a is 3× cheaper. At a 50 %
        // success ratio its cost is ×4, so b wins: the in-flight gap of a fast-failing backend is out-weighed.
        var backends = TestBackends.Uniform(2);
        var (a, b) = (backends[0], backends[1]);
        a.Latency.Observe(0, TimeSpan.FromMilliseconds(20));
        b.Latency.Observe(0, TimeSpan.FromMilliseconds(20));
        b.RequestStarted();
        b.RequestStarted();
        var picker = new PeakEwmaPicker(new Random(3));
        picker.Update(backends);
        var now = 1_000 * Millisecond;
        Assert.Equal(["a"], TestBackends.Count(picker, 100, now).Keys);

        Fail(a, 0, 1_000, everyOther: true);

        Assert.InRange(a.SuccessRate.At(now), 0.45, 0.55);
        Assert.Equal(["b"], TestBackends.Count(picker, 100, now).Keys);
    }

    [Fact]
    public void Backends_failing_alike_still_compare_on_latency_alone()
    {
        var backends = TestBackends.Uniform(2);
        backends[0].Latency.Observe(0, TimeSpan.FromMilliseconds(10));
        backends[1].Latency.Observe(0, TimeSpan.FromMilliseconds(200));
        Fail(backends[0], 0, 1_000, everyOther: true);
        Fail(backends[1], 0, 1_000, everyOther: true);
        var picker = new PeakEwmaPicker(new Random(3));
        picker.Update(backends);

        Assert.Equal(["a"], TestBackends.Count(picker, 1_000, 1_000 * Millisecond).Keys);
    }

    [Fact]
    public void The_cluster_balancer_feeds_the_ratio_from_each_outcome()
    {
        var balancer = new ClusterBalancer(TestBackends.Cluster(PolicyKind.PeakEwma, [1, 1]), new FakeTimeProvider());
        var (a, b) = (balancer.Backends[0], balancer.Backends[1]);

        balancer.RecordOutcome(a, 0, TimeSpan.FromMilliseconds(5), failure: true);
        balancer.RecordOutcome(b, 0, TimeSpan.FromMilliseconds(5), failure: false);

        Assert.True(a.SuccessRate.At(0) < 1);
        Assert.Equal(1.0, b.SuccessRate.At(0));
    }

    [Fact]
    public void Picking_with_failing_backends_allocates_nothing()
    {
        var backends = TestBackends.Make(5, 1, 1, 3);
        foreach (var backend in backends)
        {
            backend.Latency.Observe(0, TimeSpan.FromMilliseconds(backend.Index + 1));
            Fail(backend, 0, 10 * (backend.Index + 1), everyOther: true);
        }
        var picker = new PeakEwmaPicker(new Random(1));
        picker.Update(backends);

        Assert.Equal(0, TestBackends.AllocatedBy(() => RandomPickerTests.PickMany(picker, Second)));
    }

    [Fact]
    public async Task Concurrent_outcomes_and_reads_keep_the_ratio_between_zero_and_one()
    {
        var rate = new SuccessRateEstimator();
        var outOfRange = 0;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                rate.Observe(i * Millisecond, failure: (i + w) % 3 == 0);
            }
        }));
        var reader = Task.Run(() =>
        {
            for (var i = 0; i < 80_000; i++)
            {
                var value = rate.At(i * Millisecond / 4);
                if (value is < 0 or > 1 || double.IsNaN(value))
                {
                    Interlocked.Increment(ref outOfRange);
                }
            }
        });
        await Task.WhenAll([.. writers, reader]);

        Assert.Equal(0, outOfRange);
        Assert.InRange(rate.At(20_000 * Millisecond), 0.3, 0.9);
    }

    /// <summary>Records <paramref name="count"/> outcomes 1 ms apart from <paramref name="startTicks"/>: all failures, or every other one.</summary>
    private static void Fail(Backend backend, long startTicks, int count, bool everyOther)
    {
        for (var i = 0; i < count; i++)
        {
            backend.SuccessRate.Observe(startTicks + i * Millisecond, failure: !everyOther || i % 2 == 0);
        }
    }
}
