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
        estimator.Observe(Second, TimeSpan.FromMilliseconds(500));

        Assert.Equal(500, estimator.Estimate(Second).TotalMilliseconds, 3);

        estimator.Observe(Second + Second / 10, TimeSpan.FromMilliseconds(10));
        // 100 ms later, 1 - e^(-0.01) ≈ 1 % of the way down only.
        Assert.InRange(estimator.Estimate(Second + Second / 10).TotalMilliseconds, 490, 500);
    }

    [Fact]
    public void Responses_to_requests_sent_before_the_first_response_returned_are_never_peaks()
    {
        var ms = TimeSpan.TicksPerMillisecond;
        var estimator = new PeakEwmaEstimator(TimeSpan.FromSeconds(10));
        // Sent at 0 and 5 ms on a cold path; the first comes back after 370 ms, the second after 200 ms.
        estimator.Observe(205 * ms, TimeSpan.FromMilliseconds(200));
        estimator.Observe(370 * ms, TimeSpan.FromMilliseconds(370));
        Assert.Equal(200, estimator.Estimate(370 * ms).TotalMilliseconds, 3);

        // The first warm response (sent after 205 ms) replaces the provisional estimate, lower as it is.
        estimator.Observe(400 * ms, TimeSpan.FromMilliseconds(12));
        Assert.Equal(12, estimator.Estimate(400 * ms).TotalMilliseconds, 3);

        // A cold straggler is ignored; a warm slower response is a peak again.
        estimator.Observe(1_000 * ms, TimeSpan.FromMilliseconds(990));
        Assert.InRange(estimator.Estimate(1_000 * ms).TotalMilliseconds, 11, 12);
        estimator.Observe(1_010 * ms, TimeSpan.FromMilliseconds(25));
        Assert.Equal(25, estimator.Estimate(1_010 * ms).TotalMilliseconds, 3);
        Assert.Equal(5, estimator.Samples);
    }

    [Fact]
    public void A_cold_first_response_does_not_steer_the_picks_once_warmed_up()
    {
        // Two fast destinations (10 ms) and a slow one (20 ms) whose first response was the proxy's cold start,
        // the fast ones' far colder; one request per ms, each in flight for its latency. Before the warm-up rule
        // the peaks, decaying alike, kept the slow one the cheapest for τ·ln(370/20) ≈ 29 s; now each is judged
        // by its own latency from its first warm response: cost parity 10 × (n + 1) = 20 × (m + 1) gives the slow one ~9 %.
        var time = new FakeTimeProvider();
        var balancer = new ClusterBalancer(TestBackends.Cluster(PolicyKind.PeakEwma, [1, 1, 1]), time, new Random(7));
        int[] service = [10, 10, 20];
        int[] cold = [370, 250, 60];
        var responses = new int[3];
        var picks = new int[3];
        var inFlight = new PriorityQueue<(Backend Backend, long Started, int Latency), long>();
        const int Picks = 2_000;
        for (var i = 0; i < 2 * Picks; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            var now = balancer.NowTicks();
            while (inFlight.TryPeek(out var done, out var due) && due <= now)
            {
                inFlight.Dequeue();
                balancer.RecordOutcome(done.Backend, due, TimeSpan.FromMilliseconds(done.Latency), failure: false);
                done.Backend.RequestEnded();
            }
            var chosen = balancer.Pick(new PickContext(now))!;
            chosen.RequestStarted();
            var latency = responses[chosen.Index]++ == 0 ? cold[chosen.Index] : service[chosen.Index];
            inFlight.Enqueue((chosen, now, latency), now + TimeSpan.FromMilliseconds(latency).Ticks);
            if (i >= Picks)
            {
                picks[chosen.Index]++;
            }
        }

        output.WriteLine($"picks of the second {Picks}: {string.Join(" / ", picks)}");
        Assert.InRange(picks[2], 1, Picks * 15 / 100);
        Assert.InRange(picks[0], Picks * 35 / 100, Picks);
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
