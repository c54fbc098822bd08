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
