using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Tests.Fairness;

/// <summary>The acceptance cases of DESIGN.md's "Meaning of fairness", driven through the monitor on a fake clock.</summary>
public sealed class VerdictTests
{
    [Fact]
    public void Exact_five_one_one_split_under_weights_five_one_one_is_balanced()
    {
        var fixture = new MonitorFixture(5, 1, 1);
        fixture.Send("a", 500);
        fixture.Send("b", 100);
        fixture.Send("c", 100);

        var snapshot = fixture.Snapshot();

        Assert.Equal(VerdictKind.Balanced, snapshot.Verdict.Kind);
        Assert.Equal(1.0, snapshot.JainIndex!.Value, 1e-9);
        Assert.Equal(5 / 7.0, snapshot.Find("a")!.ExpectedShare, 1e-9);
        Assert.Equal(5 / 7.0, snapshot.Find("a")!.ActualShare, 1e-9);
        Assert.Equal(1 / 3.0, snapshot.Find("a")!.FairShare, 1e-9);
        Assert.Equal(700, snapshot.WindowRequests);
    }

    [Fact]
    public void Three_one_one_split_under_equal_weights_is_a_share_skew_on_a_of_plus_80_percent()
    {
        var fixture = new MonitorFixture(1, 1, 1);
        fixture.Send("a", 600);
        fixture.Send("b", 200);
        fixture.Send("c", 200);

        var verdict = fixture.Snapshot().Verdict;

        Assert.Equal(VerdictKind.Skewed, verdict.Kind);
        Assert.Equal("a", verdict.Destination);
        Assert.Equal(SkewSignal.Share, verdict.Signal);
        Assert.Equal(0.8, verdict.Deviation, 1e-9);
        Assert.True(verdict.Skew!.PValue < 0.001);
        Assert.Equal("destination a gets 60 % of cluster web, expected 33 %", verdict.Summary);
        Assert.Equal("+80 %", FairnessText.SignedPercent(verdict.Deviation));
    }

    [Fact]
    public void Weights_favoring_a_backend_that_buckles_is_an_overload_skew()
    {
        var fixture = new MonitorFixture(4, 1, 1);
        fixture.Send("a", 250);
        fixture.Send("a", 150, status: 503);
        fixture.Send("b", 100);
        fixture.Send("c", 100);

        var verdict = fixture.Snapshot().Verdict;

        Assert.Equal(VerdictKind.Skewed, verdict.Kind);
        Assert.Equal("a", verdict.Destination);
        Assert.Equal(SkewSignal.Overload, verdict.Signal);
        Assert.Equal(1.0, verdict.Deviation, 1e-9); // 67 % against a fair third
        Assert.Equal("destination a gets 67 % of cluster web, fair share 33 %, and its error rate is 38 % against 0 % on its peers", verdict.Summary);
    }

    [Fact]
    public void Overload_by_latency_on_a_destination_above_its_fair_share()
    {
        var fixture = new MonitorFixture(2, 1, 1);
        fixture.Send("a", 300, latencyMs: 900);
        fixture.Send("b", 150, latencyMs: 40);
        fixture.Send("c", 150, latencyMs: 45);

        var verdict = fixture.Snapshot().Verdict;

        Assert.Equal(SkewSignal.Overload, verdict.Signal);
        Assert.Equal("a", verdict.Destination);
        Assert.Contains("p99 is", verdict.Summary);
    }

    [Fact]
    public void A_slower_backend_at_its_fair_share_is_not_overloaded_by_its_tail_alone()
    {
        // c is simply slower (p99 180 ms against 20 and 40): at its fair third that is not favoritism; favored beyond
        // the tolerance (half the traffic), the same tail names it as overloaded.
        static ClusterVerdict Judge(int slowRequests)
        {
            var fixture = new MonitorFixture(1, 1, 1);
            fixture.Send("a", 300, latencyMs: 20);
            fixture.Send("b", 300, latencyMs: 40);
            fixture.Send("c", slowRequests, latencyMs: 180);
            return fixture.Snapshot().Verdict;
        }

        Assert.Equal(VerdictKind.Balanced, Judge(300).Kind);
        var favored = Judge(600);
        Assert.Equal(SkewSignal.Overload, favored.Signal);
        Assert.Equal("c", favored.Destination);
    }

    [Fact]
    public void A_slow_or_failing_destination_below_its_fair_share_is_not_favored()
    {
        var slow = new MonitorFixture(1, 2, 2);
        slow.Send("a", 100, latencyMs: 1500);
        slow.Send("b", 200);
        slow.Send("c", 200);
        Assert.Equal(VerdictKind.Balanced, slow.Snapshot().Verdict.Kind);

        var failing = new MonitorFixture(1, 2, 2);
        failing.Send("a", 60);
        failing.Send("a", 40, status: 500);
        failing.Send("b", 200);
        failing.Send("c", 200);
        var snapshot = failing.Snapshot();
        Assert.Equal(VerdictKind.Balanced, snapshot.Verdict.Kind);
        Assert.Equal(0.4, snapshot.Find("a")!.ErrorRate, 1e-9);
    }

    [Fact]
    public void A_failing_destination_that_takes_everything_while_its_peers_idle_is_overloaded()
    {
        // bench/fairness phase 2: first-available (or one hot key on plain hashing) put the whole cluster on a
        // backend failing 20 % of it, and the verdict read "balanced" because its idle peers had no error rate to
        // compare with. Idle peers are the far end of favoritism, not a reason to look away.
        var failing = new MonitorFixture(PolicyKind.FirstAvailable, [("a", 1, null), ("b", 1, null), ("c", 1, null)]);
        failing.Send("a", 300);
        failing.Send("a", 80, status: 503);
        var verdict = failing.Snapshot().Verdict;
        Assert.Equal(SkewSignal.Overload, verdict.Signal);
        Assert.Equal("a", verdict.Destination);
        Assert.Equal("destination a gets 100 % of cluster web, fair share 33 %, and its error rate is 21 % while its 2 eligible peer(s) get no requests", verdict.Summary);

        // Healthy, taking everything is what first-available promises. A few percent of failures (6 %, as every
        // backend of a stalled machine showed in every cluster) cannot be told from trouble all backends share when
        // nobody else got a request: below 15 % (3 × the 5 % floor) it is the error-rate alert's, not an imbalance.
        var healthy = new MonitorFixture(PolicyKind.FirstAvailable, [("a", 1, null), ("b", 1, null), ("c", 1, null)]);
        healthy.Send("a", 380);
        Assert.Equal(VerdictKind.Balanced, healthy.Snapshot().Verdict.Kind);
        healthy.Send("a", 24, status: 503);
        Assert.Equal(VerdictKind.Balanced, healthy.Snapshot().Verdict.Kind);

        // Alone in its cluster nobody could take its traffic: its failures are the error-rate alert's, not an imbalance.
        var alone = new MonitorFixture(1);
        alone.Send("a", 300);
        alone.Send("a", 80, status: 503);
        Assert.Equal(VerdictKind.Balanced, alone.Snapshot().Verdict.Kind);
    }

    [Fact]
    public void Equal_weights_over_unequal_declared_capacities_overload_the_small_one()
    {
        var fixture = new MonitorFixture(PolicyKind.RoundRobin, [("a", 1, 50.0), ("b", 1, 200.0), ("c", 1, 250.0)]);
        fixture.Send("a", 200, status: 503);
        fixture.Send("a", 100);
        fixture.Send("b", 300);
        fixture.Send("c", 300);

        var snapshot = fixture.Snapshot();

        Assert.Equal(0.1, snapshot.Find("a")!.FairShare, 1e-9);
        Assert.Equal(SkewSignal.Overload, snapshot.Verdict.Signal);
        Assert.Equal("a", snapshot.Verdict.Destination);
        Assert.Equal(1 / 0.3 * 0.1 * 10 - 1, snapshot.Verdict.Deviation, 1e-9); // a third against a tenth: +233 %
    }

    [Fact]
    public void Fewer_requests_than_min_requests_gives_no_verdict()
    {
        var fixture = new MonitorFixture(1, 1, 1);
        fixture.Send("a", 100);

        var verdict = fixture.Snapshot().Verdict;

        Assert.Equal(VerdictKind.NoVerdict, verdict.Kind);
        Assert.Null(verdict.Skew);
        Assert.Contains("100 requests", verdict.Summary);
    }

    [Theory]
    // Equal weights over two destinations, 240 requests: 145/95 deviates 20.8 % (> tolerance 0.2) but chi-square
    // 10.42 < 10.83 (p = 0.0012); 146/94 gives 11.27 (p = 0.0008): only then is the expected split rejected.
    [InlineData(145, 95, VerdictKind.Balanced)]
    [InlineData(146, 94, VerdictKind.Skewed)]
    public void Chi_square_decides_at_the_critical_value(int a, int b, VerdictKind expected)
    {
        var fixture = new MonitorFixture(1, 1);
        fixture.Send("a", a);
        fixture.Send("b", b);

        var verdict = fixture.Snapshot().Verdict;

        Assert.Equal(expected, verdict.Kind);
    }

    [Fact]
    public void Deviation_within_tolerance_is_balanced_however_significant()
    {
        var fixture = new MonitorFixture(1, 1);
        fixture.Send("a", 11_000);
        fixture.Send("b", 9_000); // +10 %: chi-square rejects, the tolerance forgives
        Assert.Equal(VerdictKind.Balanced, fixture.Snapshot().Verdict.Kind);
    }
}
