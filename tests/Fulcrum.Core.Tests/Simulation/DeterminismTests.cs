using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Simulation;

public sealed class DeterminismTests(ITestOutputHelper output)
{
    private static SimulationScenario Scenario(PolicyKind policy, int seed) => new()
    {
        Cluster = Clusters.Equal(policy, 4),
        Arrivals = ArrivalProcess.Poisson(2_800),
        Behaviors = new Dictionary<string, DestinationBehavior>
        {
            ["d1"] = new() { ServiceTime = ServiceTime.LogNormal(TimeSpan.FromMilliseconds(20)), Concurrency = 10 },
        },
        Keys = KeyDistribution.Zipf(1_000, 1.1),
        Requests = 50_000,
        Seed = seed,
        Events = [ScenarioEvent.Slowdown(TimeSpan.FromSeconds(5), "d2", 2), ScenarioEvent.Remove(TimeSpan.FromSeconds(10), "d3")],
    };

    [Theory]
    [InlineData(PolicyKind.RoundRobin)]
    [InlineData(PolicyKind.Random)]
    [InlineData(PolicyKind.PeakEwma)]
    [InlineData(PolicyKind.PowerOfTwo)]
    [InlineData(PolicyKind.ConsistentHash)]
    public void The_same_seed_gives_the_same_result(PolicyKind policy)
    {
        var first = Simulator.Run(Scenario(policy, 7));
        var second = Simulator.Run(Scenario(policy, 7));

        Assert.Equal(SimulationReport.Format(first), SimulationReport.Format(second));
        Assert.Equal(first.Destinations, second.Destinations); // records: every number, exactly
        Assert.Equal(first.P999, second.P999);
    }

    [Theory]
    [InlineData(PolicyKind.RoundRobin)]
    [InlineData(PolicyKind.PeakEwma)]
    public void Different_seeds_give_different_results(PolicyKind policy)
    {
        var first = Simulator.Run(Scenario(policy, 7));
        var second = Simulator.Run(Scenario(policy, 8));
        output.WriteLine(SimulationReport.Format(first));
        output.WriteLine(SimulationReport.Format(second));

        Assert.NotEqual(first.Destinations, second.Destinations);
        Assert.NotEqual(first.Duration, second.Duration);
    }

    [Theory]
    [InlineData(PolicyKind.RoundRobin, 50_000)]
    [InlineData(PolicyKind.PeakEwma, 50_000)]
    [InlineData(PolicyKind.LeastRequests, 50_000)]
    [InlineData(PolicyKind.ConsistentHash, 50_000)]
    [InlineData(PolicyKind.PeakEwma, 300)] // fewer draws than one block
    public void Drawing_ahead_on_a_second_thread_gives_the_result_of_drawing_inline(PolicyKind policy, int requests)
    {
        // Lognormal and exponential service, errors, a queue limit, a timeout, Zipf keys, a slow-down, a failure and a
        // removal: every way the loop takes from the arrival and service streams. 50,000 requests go round the ring
        // of blocks several times.
        var plain = Scenario(policy, 11);
        var scenario = plain with
        {
            Cluster = plain.Cluster with { Timeouts = plain.Cluster.Timeouts with { Request = TimeSpan.FromMilliseconds(60) } },
            DefaultBehavior = new DestinationBehavior { ServiceTime = ServiceTime.Exponential(TimeSpan.FromMilliseconds(10)), ErrorRate = 0.02, QueueLimit = 20 },
            Requests = requests,
            Events = [.. plain.Events, ScenarioEvent.Fail(TimeSpan.FromSeconds(3), "d0"), ScenarioEvent.Recover(TimeSpan.FromSeconds(4), "d0")],
        };

        var inline = new SimulationRun(scenario, observer: null, drawAhead: false).Run();
        var ahead = new SimulationRun(scenario, observer: null, drawAhead: true).Run();

        Assert.Equal(SimulationReport.Format(inline), SimulationReport.Format(ahead));
        Assert.Equal(inline.Destinations, ahead.Destinations);
        Assert.Equal((inline.P50, inline.P99, inline.P999, inline.Errors), (ahead.P50, ahead.P99, ahead.P999, ahead.Errors));
        Assert.Equal(inline.BalancerEvents, ahead.BalancerEvents);
    }

    [Fact]
    public void A_million_request_run_completes_every_request()
    {
        // How fast is bench/Fulcrum.Benchmarks' SimulationBenchmarks' business (goal: 10 M simulated requests/s);
        // this only checks that a run this long finishes every request and accounts for all of them.
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Equal(PolicyKind.RoundRobin, 3),
            Arrivals = ArrivalProcess.Poisson(2_100),
            Requests = 1_000_000,
        };

        var result = Simulator.Run(scenario);

        Assert.Equal(1_000_000, result.Requests);
        Assert.Equal(1_000_000, result.Destinations.Sum(d => d.Requests));
    }
}
