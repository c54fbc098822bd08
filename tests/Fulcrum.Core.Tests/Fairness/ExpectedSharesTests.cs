using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Core.Simulation;
using Fulcrum.Core.Tests.Simulation;

namespace Fulcrum.Core.Tests.Fairness;

/// <summary>One definition of expected share, and the same answer from the judge, the audit and the simulator.</summary>
public sealed class ExpectedSharesTests
{
    [Fact]
    public void Shares_are_effective_weights_over_their_sum()
    {
        Assert.Equal([0.5, 0.25, 0.25], ExpectedShares.Of([2.0, 1.0, 1.0]));
        // A ramping destination (weight 2 at ramp 0.5) counts for w·r = 1; an ineligible one (0, NaN) for nothing.
        Assert.Equal([0.5, 0.5, 0, 0], ExpectedShares.Of([1.0, 2 * 0.5, 0, double.NaN]));
    }

    [Fact]
    public void Every_weight_zero_expects_nothing_of_anyone()
    {
        Assert.Equal([0.0, 0.0], ExpectedShares.Of([0.0, 0.0]));
        Assert.Empty(ExpectedShares.Of(ReadOnlySpan<double>.Empty));
    }

    [Fact]
    public void Fair_shares_follow_capacities_only_when_every_eligible_destination_declares_one()
    {
        Assert.Equal([0.75, 0.25, 0], ExpectedShares.Fair([1.0, 1.0, 0], [300.0, 100.0, null]));
        Assert.Equal([0.5, 0.5, 0], ExpectedShares.Fair([1.0, 1.0, 0], [300.0, null, 50.0]));
    }

    [Fact]
    public void The_judge_calls_a_cluster_with_every_weight_zero_no_eligible_destination()
    {
        var windows = new[] { Window("a", 0, 300), Window("b", 0, 300) };

        var judgment = FairnessJudge.Judge("web", PolicyKind.RoundRobin, windows, FairnessConfig.Default);

        Assert.Equal(VerdictKind.NoVerdict, judgment.Kind);
        Assert.Contains(ExpectedShares.NoEligibleDestination, judgment.Summary);
        Assert.Equal([0.0, 0.0], judgment.Expected);
        Assert.Null(judgment.JainIndex);
    }

    [Fact]
    public void Judge_audit_and_simulator_give_the_same_expected_shares()
    {
        var cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 3), ("b", 1), ("c", 0));
        var windows = cluster.Destinations.Select(d => Window(d.Name, d.Weight, 100 * d.Weight)).ToArray();

        var judged = FairnessJudge.Judge("test", cluster.Policy, windows, FairnessConfig.Default).Expected;
        var audited = cluster.Destinations.Select(d => IntendedShares.Of(cluster, d)).ToArray();
        var simulated = Simulator.Run(new SimulationScenario
        {
            Cluster = cluster,
            Arrivals = ArrivalProcess.FixedRate(1000),
            Requests = 4_000,
        }).Destinations.Select(d => d.ExpectedShare).ToArray();

        Assert.Equal([0.75, 0.25, 0], judged);
        Assert.Equal(judged, audited);
        Assert.Equal(judged, simulated);
    }

    [Fact]
    public void The_simulator_credits_nothing_while_every_weight_is_zero()
    {
        // 10 s at 1:1, then 10 s with every weight 0 (the balancer panics and spreads): only the first half was intended.
        var result = Simulator.Run(new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1), ("b", 1)),
            Arrivals = ArrivalProcess.FixedRate(1000),
            Requests = 20_000,
            Events = [ScenarioEvent.SetWeight(TimeSpan.FromSeconds(10), "a", 0), ScenarioEvent.SetWeight(TimeSpan.FromSeconds(10), "b", 0)],
        });

        Assert.Equal(0.25, result["a"].ExpectedShare, 3);
        Assert.Equal(0.25, result["b"].ExpectedShare, 3);
    }

    [Fact]
    public void The_audit_intends_nothing_when_every_weight_is_zero()
    {
        var cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 0), ("b", 0));

        Assert.All(cluster.Destinations, d => Assert.Equal(0, IntendedShares.Of(cluster, d)));
    }

    internal static DestinationWindow Window(string name, int weight, long requests, double? inFlight = null, double? latencyMs = null) =>
        new(name, weight, weight > 0, null, weight, requests, 0, null, null, inFlight,
            latencyMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);
}
