using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Tests.Fairness;

public sealed class WindowTests
{
    [Fact]
    public void Requests_leave_the_window_when_it_slides_past_them()
    {
        var fixture = new MonitorFixture(1, 1, 1);
        fixture.Send("a", 300);

        fixture.Time.Advance(TimeSpan.FromSeconds(28));
        Assert.Equal(300, fixture.Snapshot().WindowRequests);

        fixture.Send("b", 50);
        fixture.Time.Advance(TimeSpan.FromSeconds(3));
        var snapshot = fixture.Snapshot();
        Assert.Equal(50, snapshot.WindowRequests);
        Assert.Equal(VerdictKind.NoVerdict, snapshot.Verdict.Kind);

        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, fixture.Snapshot().WindowRequests);
    }

    [Fact]
    public void Cumulative_totals_survive_the_window_and_count_code_classes()
    {
        var fixture = new MonitorFixture(1, 1);
        fixture.Send("a", 3, status: 200, latencyMs: 5);
        fixture.Send("a", 2, status: 302);
        fixture.Send("a", 1, status: 404);
        fixture.Send("a", 4, status: 503);
        fixture.Send("a", 1, status: 502, transportFailure: true, latencyMs: 2000);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));

        var totals = fixture.Monitor.Totals().Single(t => t.Destination == "a");

        Assert.Equal("web", totals.Cluster);
        Assert.Equal([3L, 2, 1, 4, 1], totals.RequestsByCodeClass);
        Assert.Equal(11, totals.Count);
        Assert.Equal(11, totals.CumulativeLatencyCounts()[^1]);
        Assert.Equal(3, totals.CumulativeLatencyCounts()[LatencyBuckets.IndexOf(TimeSpan.FromMilliseconds(5).Ticks)]);
        Assert.Equal(3 * 0.005 + 7 * 0.02 + 2.0, totals.LatencySumSeconds, 1e-9);
        Assert.Equal("error", CodeClasses.Label(CodeClass.Error));
        Assert.Equal(0, fixture.Snapshot().WindowRequests);
    }

    [Fact]
    public void Reload_keeps_the_stats_of_destinations_that_keep_their_name()
    {
        var fixture = new MonitorFixture(1, 1);
        fixture.Send("a", 120);
        fixture.Send("b", 80);

        var reloaded = fixture.NewBalancer(PolicyKind.RoundRobin, [("b", 1, null), ("c", 1, null), ("a", 3, null)]);
        var recorder = fixture.Monitor.Track(reloaded);
        fixture.Send("c", 10);

        Assert.Same(fixture.Recorder, recorder);
        var snapshot = fixture.Snapshot();
        Assert.Equal(["b", "c", "a"], snapshot.Destinations.Select(d => d.Name));
        Assert.Equal(120, snapshot.Find("a")!.Requests);
        Assert.Equal(80, snapshot.Find("b")!.Requests);
        Assert.Equal(10, snapshot.Find("c")!.Requests);
        Assert.Equal(0.6, snapshot.Find("a")!.ExpectedShare, 1e-9);
        Assert.Single(fixture.Monitor.Clusters);

        fixture.Monitor.Retain([]);
        Assert.Empty(fixture.Monitor.Snapshot());
    }

    [Fact]
    public void Ineligible_destinations_expect_nothing_and_are_not_judged()
    {
        var fixture = new MonitorFixture(1, 1, 1);
        fixture.Send("a", 200);
        fixture.Send("b", 200);
        fixture.Send("c", 20);
        fixture.Balancer.SetActiveHealth(fixture["c"], healthy: false);

        var snapshot = fixture.Snapshot();

        Assert.Equal(0, snapshot.Find("c")!.ExpectedShare);
        Assert.False(snapshot.Find("c")!.Eligible);
        Assert.False(snapshot.Find("c")!.Healthy);
        Assert.Equal(0.5, snapshot.Find("a")!.ExpectedShare, 1e-9);
        Assert.Equal(VerdictKind.Balanced, snapshot.Verdict.Kind);
    }

    [Fact]
    public void Skew_since_is_kept_while_the_same_destination_stays_skewed()
    {
        var fixture = new MonitorFixture(1, 1, 1);
        var start = fixture.Time.GetUtcNow();
        fixture.SendOver(10, ("a", 600), ("b", 200), ("c", 200));

        var verdict = fixture.Snapshot().Verdict;

        Assert.Equal(VerdictKind.Skewed, verdict.Kind);
        Assert.NotNull(verdict.Since);
        Assert.InRange(verdict.Since!.Value, start, start + TimeSpan.FromSeconds(6));
        Assert.True(verdict.SkewedFor(fixture.Time.GetUtcNow()) >= TimeSpan.FromSeconds(4));
        Assert.InRange(fixture.Snapshot().History.Count, 2, 3);
    }

    [Fact]
    public void Weight_changes_during_the_window_count_for_the_time_they_held()
    {
        // 500 requests in 10 s at weights 1:1, then 500 in 10 s at 3:1: a should get (250 + 375) / 1000 = 62.5 %.
        var fixture = new MonitorFixture(1, 1);
        fixture.SendOver(10, ("a", 250), ("b", 250));
        fixture.Monitor.Track(fixture.NewBalancer(PolicyKind.RoundRobin, [("a", 3, null), ("b", 1, null)]));
        fixture.SendOver(10, ("a", 375), ("b", 125));

        var snapshot = fixture.Snapshot();

        Assert.Equal(0.625, snapshot.Find("a")!.ExpectedShare, 1e-3);
        Assert.Equal(0.625, snapshot.Find("a")!.ActualShare, 1e-3);
        Assert.Equal(VerdictKind.Balanced, snapshot.Verdict.Kind);
    }

    [Fact]
    public void A_destination_in_slow_start_is_expected_to_get_what_its_ramp_allowed()
    {
        // c warms up over 30 s and gets traffic in proportion to its ramp, as a correct picker would.
        var fixture = new MonitorFixture(1, 1, 1);
        var c = fixture["c"];
        c.StartRamp(fixture.Balancer.NowTicks(), TimeSpan.FromSeconds(30));
        var carry = 0.0;
        for (var step = 0; step < 100; step++)
        {
            carry += 20 * c.RampAt(fixture.Balancer.NowTicks());
            fixture.Send("a", 20);
            fixture.Send("b", 20);
            fixture.Send("c", (int)carry);
            carry -= (int)carry;
            fixture.Recorder.Sample();
            fixture.Time.Advance(TimeSpan.FromMilliseconds(250));
        }

        var snapshot = fixture.Snapshot();

        Assert.Equal(VerdictKind.Balanced, snapshot.Verdict.Kind);
        Assert.Equal(snapshot.Find("c")!.ActualShare, snapshot.Find("c")!.ExpectedShare, 0.01);
        Assert.InRange(snapshot.Find("c")!.ExpectedShare, 0.1, 0.25); // the current ramp (0.83) alone would say 29 %
    }
}
