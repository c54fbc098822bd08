using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using static Fulcrum.Core.Tests.Fairness.ExpectedSharesTests;

namespace Fulcrum.Core.Tests.Fairness;

/// <summary>Each policy's promise, judged on hand-made windows.</summary>
public sealed class PromiseTests
{
    private static FairnessJudgment Judge(PolicyKind policy, params DestinationWindow[] windows) =>
        FairnessJudge.Judge("web", policy, windows, FairnessConfig.Default);

    private static FairnessJudgment Judge(IFairnessPromise promise, PolicyKind policy, params DestinationWindow[] windows) =>
        FairnessJudge.Judge("web", policy, promise, windows, FairnessConfig.Default);

    [Fact]
    public void Every_policy_has_a_promise_that_names_its_quantity()
    {
        foreach (var policy in Enum.GetValues<PolicyKind>())
        {
            var promise = FairnessPromises.For(policy);
            Assert.False(string.IsNullOrWhiteSpace(promise.Statement), policy.ToString());
            Assert.False(string.IsNullOrWhiteSpace(promise.Quantity), policy.ToString());
        }
        Assert.NotSame(FairnessPromises.For(PolicyKind.Maglev), FairnessPromises.For(PolicyKind.Maglev, 1.25));
    }

    [Fact]
    public void A_share_skew_never_shows_a_perfect_jain_index()
    {
        var judgment = Judge(PolicyKind.RoundRobin, Window("a", 1, 600), Window("b", 1, 200), Window("c", 1, 200));

        Assert.Equal(SkewSignal.Share, judgment.Skew!.Signal);
        Assert.Equal(9 / (3 * 3.96), judgment.JainIndex!.Value, 1e-9); // over 1.8, 0.6, 0.6
        Assert.Equal([1.8, 0.6, 0.6], judgment.Promised.Select(p => Math.Round(p!.Value, 9)));
    }

    [Fact]
    public void The_same_split_on_plain_hashing_is_an_advisory_not_a_skew()
    {
        var judgment = Judge(PolicyKind.ConsistentHash, Window("a", 1, 600), Window("b", 1, 200), Window("c", 1, 200));

        Assert.Equal(VerdictKind.Balanced, judgment.Kind);
        Assert.Equal("a", judgment.Advisory!.Destination);
        Assert.Contains("hash skew", judgment.Summary);
        Assert.True(judgment.JainIndex < 0.9);
    }

    [Fact]
    public void First_available_expects_everything_on_the_first_eligible_destination()
    {
        var balanced = Judge(PolicyKind.FirstAvailable, Window("a", 1, 0), Window("b", 1, 1000), Window("c", 1, 0)) with { };
        var down = Judge(PolicyKind.FirstAvailable, Window("a", 0, 0), Window("b", 1, 1000), Window("c", 1, 0));
        var leak = Judge(PolicyKind.FirstAvailable, Window("a", 1, 800), Window("b", 1, 200), Window("c", 1, 0));

        // With a eligible, b's 100 % is a skew; with a down (weight 0 here), b is first and all is well.
        Assert.Equal("b", balanced.Skew!.Destination);
        Assert.Equal(VerdictKind.Balanced, down.Kind);
        Assert.Equal([0.0, 1.0, 0.0], down.Expected);
        Assert.Equal(1.0, down.JainIndex);
        Assert.Equal("b", leak.Skew!.Destination);
        Assert.Equal(0.8, leak.JainIndex!.Value, 1e-9);
        Assert.Contains("first-available sends everything to a", leak.Skew.Summary);
    }

    [Fact]
    public void Power_of_two_tolerates_the_two_choices_slack_that_least_requests_does_not()
    {
        DestinationWindow[] windows = [Window("a", 1, 400, 4.55), Window("b", 1, 300, 2), Window("c", 1, 300, 2)];

        Assert.Equal(SkewSignal.InFlight, Judge(PolicyKind.LeastRequests, windows).Skew?.Signal);
        Assert.Equal(VerdictKind.Balanced, Judge(PolicyKind.PowerOfTwo, windows).Kind);
        Assert.Equal(1 + Math.Log(Math.Log(3)) / Math.Log(2), InFlightPromise.TwoChoicesSlack(3), 1e-12);
        Assert.Equal(1, InFlightPromise.TwoChoicesSlack(2));
    }

    [Fact]
    public void Least_requests_expects_shares_in_proportion_to_speed()
    {
        var judgment = Judge(PolicyKind.LeastRequests, Window("a", 1, 800, 3, 10), Window("b", 1, 200, 3, 40));

        Assert.Equal(VerdictKind.Balanced, judgment.Kind);
        Assert.Equal([0.8, 0.2], judgment.Expected.Select(e => Math.Round(e, 9)));
        Assert.Equal(1.0, judgment.JainIndex!.Value, 1e-9);
    }

    [Fact]
    public void Peak_ewma_may_favor_a_cheap_destination_but_not_an_expensive_one()
    {
        // f: 80 % at 10 ms with 8 in flight, cost 90; s: 20 % at 40 ms with 1 in flight, cost 80. Fine.
        var fast = Judge(PolicyKind.PeakEwma, Window("f", 1, 800, 8, 10), Window("s", 1, 200, 1, 40));
        // The same shares the other way round: s favored at cost 40 × 9 = 360 against 20 for f.
        var slow = Judge(PolicyKind.PeakEwma, Window("f", 1, 200, 1, 10), Window("s", 1, 800, 8, 40));

        Assert.Equal(VerdictKind.Balanced, fast.Kind);
        Assert.Equal(SkewSignal.Cost, slow.Skew!.Signal);
        Assert.Equal("s", slow.Skew.Destination);
        Assert.Equal(360 / 190.0 - 1, slow.Skew.Deviation, 1e-9);
        Assert.True(slow.JainIndex < 0.8);
    }

    [Fact]
    public void Peak_ewma_expects_the_split_that_evens_out_cost()
    {
        var judgment = Judge(PolicyKind.PeakEwma, Window("f", 1, 800, 8, 10), Window("s", 1, 200, 1, 40));

        // Equal cost C: f holds C/10 − 1, s holds C/40 − 1 in flight, and their rates (in-flight / latency) must add up
        // to the observed 8/10 + 1/40 = 0.825 requests per ms: C/100 − 0.1 + C/1600 − 0.025 = 0.825.
        var cost = 0.95 / (1 / 100.0 + 1 / 1600.0);
        Assert.Equal((cost / 10 - 1) / 10 / 0.825, judgment.Expected[0], 1e-6);
        Assert.Equal(1.0, judgment.Expected.Sum(), 1e-9);
    }

    [Fact]
    public void Bounded_hashing_names_a_destination_past_its_cap()
    {
        var promise = FairnessPromises.For(PolicyKind.Maglev, 1.25);
        // a holds 9 of 12 in flight: cap 1.25 × 13 × 1/3 + 1 = 6.4, so 9 is 41 % over (beyond the 20 % tolerance).
        var judgment = Judge(promise, PolicyKind.Maglev, Window("a", 1, 500, 9), Window("b", 1, 250, 1.5), Window("c", 1, 250, 1.5));
        var within = Judge(promise, PolicyKind.Maglev, Window("a", 1, 500, 6), Window("b", 1, 250, 3), Window("c", 1, 250, 3));

        Assert.Equal(SkewSignal.BoundedLoad, judgment.Skew!.Signal);
        Assert.Equal("a", judgment.Skew.Destination);
        Assert.Equal(9 / (1.25 * 13 / 3 + 1) - 1, judgment.Skew.Deviation, 1e-9);
        Assert.Equal(VerdictKind.Balanced, within.Kind);
    }

    [Fact]
    public void Peak_ewma_across_a_stall_of_the_whole_machine_advises_instead_of_alerting()
    {
        // The same costly favored s as above (360 against a mean of 190, beyond the tolerance and one request's cost):
        // with every destination slowed together in the window it is shown, not alerted.
        var stall = new CommonModeStall(DateTimeOffset.UnixEpoch, 300, DateTimeOffset.UnixEpoch.AddSeconds(60));
        var judgment = FairnessJudge.Judge("web", PolicyKind.PeakEwma, FairnessPromises.For(PolicyKind.PeakEwma),
            [Window("f", 1, 200, 1, 10), Window("s", 1, 800, 8, 40)], FairnessConfig.Default, stall: stall);

        Assert.Equal(VerdictKind.Balanced, judgment.Kind);
        Assert.Equal(SkewSignal.Cost, judgment.Advisory!.Signal);
        Assert.Equal("s", judgment.Advisory.Destination);
        Assert.Contains("not judged", judgment.Advisory.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Peak_ewma_forgives_the_cost_of_one_request_in_flight()
    {
        // Weight 3 on a slow s, a correct picker: m at 45 ms holds 1.1 in flight (cost 94.5), 28 % over the mean of
        // 73.8 and favored over its 20 % weight share, but one request of m is 45 × 1.14 of cost: within the promise.
        var judgment = Judge(PolicyKind.PeakEwma, Window("f", 1, 550, 1, 20), Window("m", 1, 280, 1.1, 45), Window("s", 3, 170, 1.5, 110));

        Assert.Null(judgment.Skew);
    }
}
