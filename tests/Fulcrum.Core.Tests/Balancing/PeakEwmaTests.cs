using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class PeakEwmaTests(ITestOutputHelper output)
{
    private static readonly long Second = TimeSpan.TicksPerSecond;

    [Fact]
    public void A_peak_replaces_the_estimate_at_once_and_a_drop_is_believed_slowly()
    {
        var estimator = new PeakEwmaEstimator(TimeSpan.FromSeconds(10));
        estimator.Observe(0, TimeSpan.FromMilliseconds(10));
        estimator.Observe(Second / 10, TimeSpan.FromMilliseconds(500));

        Assert.Equal(500, estimator.Estimate(Second / 10).TotalMilliseconds, 3);

        estimator.Observe(Second / 5, TimeSpan.FromMilliseconds(10));
        // 100 ms later, 1 - e^(-0.01) ≈ 1 % of the way down only.
        Assert.InRange(estimator.Estimate(Second / 5).TotalMilliseconds, 490, 500);
    }

    [Fact]
    public void An_idle_estimate_decays_with_the_time_constant()
    {
        var estimator = new PeakEwmaEstimator(TimeSpan.FromSeconds(10));
        estimator.Observe(0, TimeSpan.FromMilliseconds(100));

        Assert.Equal(100 * Math.Exp(-1), estimator.Estimate(10 * Second).TotalMilliseconds, 1);
    }

    [Fact]
    public void The_faster_backend_gets_most_of_the_traffic()
    {
        var backends = TestBackends.Uniform(2);
        backends[0].Latency.Observe(0, TimeSpan.FromMilliseconds(10));
        backends[1].Latency.Observe(0, TimeSpan.FromMilliseconds(200));
        var picker = new PeakEwmaPicker(new Random(3));
        picker.Update(backends);

        Assert.Equal(["a"], TestBackends.Count(picker, 1_000).Keys);
    }

    [Fact]
    public void A_backend_without_samples_competes_on_load_and_is_not_flooded()
    {
        var backends = TestBackends.Uniform(2);
        backends[0].Latency.Observe(0, TimeSpan.FromMilliseconds(50));
        for (var i = 0; i < 3; i++)
        {
            backends[1].RequestStarted();
        }
        var picker = new PeakEwmaPicker(new Random(3));
        picker.Update(backends);

        Assert.Same(backends[0], picker.Pick(new PickContext(0)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_backend_failing_fast_does_not_sinkhole_traffic(bool failFast)
    {
        // Three backends: b and c answer in 50 ms, a fails in 1 ms (or, as the control, answers in 1 ms).
        var time = new FakeTimeProvider();
        var balancer = new ClusterBalancer(TestBackends.Cluster(PolicyKind.PeakEwma, [1, 1, 1]), time, new Random(5));
        var a = balancer.Backends[0];
        var now = 0L;
        var picksOfA = 0;
        const int Requests = 20_000;
        for (var i = 0; i < Requests; i++)
        {
            now += Second / 1000;
            balancer.RecordOutcome(balancer.Backends[1], now, TimeSpan.FromMilliseconds(50), failure: false);
            var chosen = balancer.Pick(new PickContext(now))!;
            if (chosen == a)
            {
                picksOfA++;
                balancer.RecordOutcome(a, now, TimeSpan.FromMilliseconds(1), failure: failFast);
            }
            else
            {
                balancer.RecordOutcome(chosen, now, TimeSpan.FromMilliseconds(50), failure: false);
            }
        }

        var share = picksOfA / (double)Requests;
        output.WriteLine($"fail fast {failFast}: share of a = {share:P2}");
        if (failFast)
        {
            Assert.True(share < 0.05, $"the failing backend drew {share:P2}");
        }
        else
        {
            Assert.True(share > 0.5, $"the fast healthy backend drew only {share:P2}");
        }
    }

    [Fact]
    public void A_failure_counts_as_five_times_the_typical_latency()
    {
        var balancer = new ClusterBalancer(TestBackends.Cluster(PolicyKind.PeakEwma, [1, 1]), new FakeTimeProvider());
        var (a, b) = (balancer.Backends[0], balancer.Backends[1]);

        balancer.RecordOutcome(b, 0, TimeSpan.FromMilliseconds(40), failure: false);
        balancer.RecordOutcome(a, 0, TimeSpan.FromMilliseconds(2), failure: true);

        Assert.Equal(200, a.Latency.Estimate(0).TotalMilliseconds, 3);
    }

    [Fact]
    public void Picking_allocates_nothing()
    {
        var backends = TestBackends.Make(5, 1, 1, 3);
        foreach (var backend in backends)
        {
            backend.Latency.Observe(0, TimeSpan.FromMilliseconds(backend.Index + 1));
        }
        var picker = new PeakEwmaPicker(new Random(1));
        picker.Update(backends);

        Assert.Equal(0, TestBackends.AllocatedBy(() => RandomPickerTests.PickMany(picker, Second)));
    }
}
