using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Core.Simulation;
using static Fulcrum.Core.Tests.Fairness.PolicyPromiseScenarios;

namespace Fulcrum.Core.Tests.Fairness;

/// <summary>
/// Acceptance (issue 12): for every policy, a bias — in the config, in the keys, or in a picker made to misbehave
/// (<see cref="SimulationScenario.PickFault"/>) — starting after two clean minutes is named by the real monitor's
/// <c>imbalance</c> alert, on the right destination, within <c>fairness.window</c> + <c>fairness.for</c>.
/// </summary>
public sealed class BiasedPolicyRunTests
{
    private static readonly TimeSpan BiasStart = TimeSpan.FromMinutes(2);

    /// <summary>One evaluation (1 s) of slack on top of window + for: the alert engine runs once a second.</summary>
    private static readonly TimeSpan Deadline = FairnessConfig.Default.Window + FairnessConfig.Default.For + TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(PolicyKind.RoundRobin)]
    [InlineData(PolicyKind.Random)]
    public void Weights_4_1_1_over_equal_backends_at_70_percent_overload_the_heavy_one(PolicyKind policy)
    {
        // Equal backends of 10 servers at 10 ms (1000 req/s each), 2100 req/s offered: at weight 4 of 6, f gets
        // 1400 req/s and its queue grows — an overload skew, whatever the policy's share promise says.
        var scenario = Scenario(Cluster(policy), rate: 2100, duration: TimeSpan.FromMinutes(4), servers: 10) with
        {
            Behaviors = Speeds.ToDictionary(d => d.Name, _ => DestinationBehavior.ForCapacity(1000)),
            Events = [ScenarioEvent.SetWeight(BiasStart, "f", 4)],
        };

        AssertNamedInTime(MonitoredRun.Of(scenario), "f", SkewSignal.Overload);
    }

    [Theory]
    [InlineData(PolicyKind.LeastRequests, SkewSignal.InFlight)]
    [InlineData(PolicyKind.PowerOfTwo, SkewSignal.InFlight)]
    [InlineData(PolicyKind.PeakEwma, SkewSignal.Cost)]
    public void A_picker_that_sends_half_the_traffic_to_the_slow_backend_is_named(PolicyKind policy, SkewSignal signal)
    {
        // Short tails: the favored slow backend's p99 stays under 100 ms, so the promise, not overload, must name it.
        var scenario = Scenario(Cluster(policy), duration: TimeSpan.FromMinutes(4), shortTails: true) with { PickFault = Favor("s", 0.5) };

        AssertNamedInTime(MonitoredRun.Of(scenario), "s", signal);
    }

    [Fact]
    public void Bounded_hashing_whose_stuck_key_ignores_the_cap_is_named()
    {
        var scenario = Scenario(Cluster(PolicyKind.Maglev, balanceFactor: 1.25), duration: TimeSpan.FromMinutes(4), shortTails: true) with
        {
            PickFault = Favor("s", 0.6),
        };

        AssertNamedInTime(MonitoredRun.Of(scenario), "s", SkewSignal.BoundedLoad);
    }

    [Fact]
    public void First_available_sending_a_fifth_of_the_traffic_to_a_stand_by_is_named()
    {
        var scenario = Scenario(Cluster(PolicyKind.FirstAvailable), duration: TimeSpan.FromMinutes(4), shortTails: true) with { PickFault = Favor("m", 0.2) };

        AssertNamedInTime(MonitoredRun.Of(scenario), "m", SkewSignal.Share);
    }

    [Fact]
    public void A_hot_key_on_plain_consistent_hashing_alerts_only_once_it_overloads_its_destination()
    {
        // Zipf keys: key-0 alone is a large part of the traffic. Plain hashing keeps every key on its destination,
        // which is its promise: at 300 req/s nobody suffers and the skew is reported, not alerted (see FUL006).
        // (Short tails: with long ones, a hot key landing on the slow backend reads as overload — see FairnessJudge.)
        var calm = MonitoredRun.Of(Scenario(Cluster(PolicyKind.ConsistentHash), duration: TimeSpan.FromMinutes(3), shortTails: true) with
        {
            Keys = KeyDistribution.Zipf(1000, 1.3),
        });
        Assert.Empty(calm.Imbalance);
        Assert.Contains(calm.Snapshots, s => s.Snapshot.Advisory?.StartsWith("hash skew", StringComparison.Ordinal) == true);

        // At 900 req/s over 10-server backends (1000, 500 and 250 req/s) the hot key's destination runs past its capacity.
        var hurt = MonitoredRun.Of(Scenario(Cluster(PolicyKind.ConsistentHash), rate: 900, duration: TimeSpan.FromMinutes(3), servers: 10) with
        {
            Keys = KeyDistribution.Zipf(1000, 1.3),
        });
        var hottest = hurt.Result.Destinations.MaxBy(d => d.Utilization ?? d.Share)!.Name;
        var fired = hurt.FirstImbalanceFired;
        Assert.True(fired is not null, string.Join("; ", hurt.Result.Destinations.Select(d => $"{d.Name} share {d.Share:P1} util {d.Utilization:0.00} p99 {d.P99}")) + " | " + string.Join(" / ", hurt.Snapshots.TakeLast(3).Select(s => s.Snapshot.Verdict.Summary)));
        Assert.Equal(hottest, fired.Value.Destination);
        Assert.True(fired.Value.At <= Deadline, $"fired at {fired.Value.At}");
    }

    /// <summary>A picker bug: from <see cref="BiasStart"/> on, a fraction of all requests go to one destination.</summary>
    private static Func<Backend, ClusterBalancer, Backend> Favor(string destination, double fraction)
    {
        var random = new Random(12);
        return (picked, balancer) =>
            balancer.NowTicks() - VirtualTimeProvider.OriginTicks >= BiasStart.Ticks && random.NextDouble() < fraction
                ? balancer.Find(destination)!
                : picked;
    }

    private static void AssertNamedInTime(MonitoredRun run, string destination, SkewSignal signal)
    {
        Assert.DoesNotContain(run.Imbalance, t => t.At < BiasStart);
        var fired = run.FirstImbalanceFired;
        Assert.True(fired is not null, "no imbalance fired; last verdict: " + run.Snapshots[^1].Snapshot.Verdict.Summary);
        Assert.Equal(destination, fired.Value.Destination);
        Assert.True(fired.Value.At - BiasStart <= Deadline, $"fired {fired.Value.At - BiasStart} after the bias began");
        var skewed = run.Snapshots.First(s => s.At >= fired.Value.At).Snapshot;
        Assert.Equal(signal, skewed.Verdict.Signal);
        // Jain's index is on the promised quantity: a broken promise never shows a perfect 1.000.
        if (signal != SkewSignal.Overload)
        {
            Assert.True(skewed.JainIndex < 0.995, $"Jain's index {skewed.JainIndex} next to a {signal} skew");
        }
    }
}
