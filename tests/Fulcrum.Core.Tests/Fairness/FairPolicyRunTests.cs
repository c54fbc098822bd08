using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Core.Simulation;
using static Fulcrum.Core.Tests.Fairness.PolicyPromiseScenarios;

namespace Fulcrum.Core.Tests.Fairness;

/// <summary>
/// Acceptance (issue 12): every policy, run for ten virtual minutes by its real picker over healthy backends of
/// unequal speed that are not overloaded, keeps its own promise — the real monitor and alert engine raise no
/// <c>imbalance</c>, and never call the cluster skewed.
/// </summary>
public sealed class FairPolicyRunTests
{
    public static TheoryData<PolicyKind, double?> Policies() => new()
    {
        { PolicyKind.RoundRobin, null },
        { PolicyKind.Random, null },
        { PolicyKind.LeastRequests, null },
        { PolicyKind.PowerOfTwo, null },
        { PolicyKind.PeakEwma, null },
        { PolicyKind.ConsistentHash, null },
        { PolicyKind.Maglev, 1.25 },
        { PolicyKind.FirstAvailable, null },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Ten_minutes_over_unequal_healthy_backends_raise_no_imbalance(PolicyKind policy, double? balanceFactor)
    {
        var run = MonitoredRun.Of(Scenario(Cluster(policy, balanceFactor: balanceFactor)));

        Assert.False(run.Imbalance.Any(), string.Join("\n", run.Imbalance.Select(t => $"{t.At}: {t.Transition.To} {t.Transition.Alert.Summary}")));
        Assert.True(run.Snapshots.Count >= 599, $"only {run.Snapshots.Count} evaluations");
        var judged = run.Snapshots.Where(s => s.Snapshot.Verdict.Kind != VerdictKind.NoVerdict).ToList();
        Assert.True(judged.Count > 500, $"{policy}: only {judged.Count} of {run.Snapshots.Count} windows had a verdict");
        Assert.All(judged, s => Assert.Equal(VerdictKind.Balanced, s.Snapshot.Verdict.Kind));
        // Every balanced window shows a Jain's index on the promised quantity, and the promise says what it is.
        Assert.All(judged, s => Assert.NotNull(s.Snapshot.JainIndex));
        Assert.Equal(FairnessPromises.For(policy, balanceFactor).Statement, run.Snapshots[^1].Snapshot.Promise);
    }

    [Fact]
    public void Peak_ewma_over_a_half_speed_backend_under_load_raises_nothing_on_the_fast_one()
    {
        // The load run's false alert: the fast backend rightly takes more and holds more in flight; its in-flight per
        // weight was judged and raised imbalance. Its cost (latency × load) is what peak-ewma evens out.
        var cluster = Cluster(PolicyKind.PeakEwma) with { Destinations = Cluster(PolicyKind.PeakEwma).Destinations.Take(2).ToArray() };
        var scenario = Scenario(cluster, rate: 0.7 * 1500, duration: TimeSpan.FromMinutes(5), servers: 10) with
        {
            Behaviors = new Dictionary<string, DestinationBehavior>
            {
                ["f"] = DestinationBehavior.ForCapacity(1000),
                ["m"] = DestinationBehavior.ForCapacity(500),
            },
        };
        var run = MonitoredRun.Of(scenario);

        Assert.Empty(run.Imbalance);
        // What the old in-flight judge alerted on: f's in-flight per weight beyond the mean by more than the tolerance.
        var (f, m) = (run.Result["f"].AverageInFlight, run.Result["m"].AverageInFlight);
        Assert.True(f / ((f + m) / 2) > 1 + FairnessConfig.Default.Tolerance, $"in flight: f {f:0.00}, m {m:0.00}");
    }

    [Fact]
    public void Peak_ewma_shows_an_expected_share_that_follows_speed_not_a_third_each()
    {
        // The demo's misleading row: 57/34/9 % under "expected 33.3 %". Expected is now the split that evens cost.
        var run = MonitoredRun.Of(Scenario(Cluster(PolicyKind.PeakEwma), rate: 1500, duration: TimeSpan.FromMinutes(2), servers: 20));
        var last = run.Snapshots[^1].Snapshot;

        Assert.Equal(VerdictKind.Balanced, last.Verdict.Kind);
        var fast = last.Find("f")!;
        var slow = last.Find("s")!;
        Assert.True(fast.ExpectedShare > 0.4, $"expected share of the fast backend {fast.ExpectedShare:P1}");
        Assert.True(slow.ExpectedShare < 0.25, $"expected share of the slow backend {slow.ExpectedShare:P1}");
        Assert.InRange(fast.ActualShare - fast.ExpectedShare, -0.15, 0.15);
        Assert.Equal(1.0, last.Destinations.Sum(d => d.ExpectedShare), 1e-9);
    }
}
