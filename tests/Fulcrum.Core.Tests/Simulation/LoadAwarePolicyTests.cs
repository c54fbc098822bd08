using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Simulation;

/// <summary>Acceptance: the real load-aware pickers, driven by the simulator, against round robin.</summary>
public sealed class LoadAwarePolicyTests(ITestOutputHelper output)
{
    private const int Requests = 200_000;

    /// <summary>
    /// a and b: 10 servers at 10 ms (1000 req/s each); c: 10 servers at 20 ms (500 req/s), lognormal service.
    /// Poisson arrivals at 70 % of the 2500 req/s total. An equal split asks 583 req/s of c: more than it can take.
    /// </summary>
    private static SimulationScenario OneSlowDestination(PolicyKind policy) => new()
    {
        Cluster = Clusters.Of(policy, ("a", 1), ("b", 1), ("c", 1)),
        Arrivals = ArrivalProcess.Poisson(0.7 * 2500),
        DefaultBehavior = new DestinationBehavior { ServiceTime = ServiceTime.LogNormal(TimeSpan.FromMilliseconds(10)), Concurrency = 10 },
        Behaviors = new Dictionary<string, DestinationBehavior>
        {
            ["c"] = new() { ServiceTime = ServiceTime.LogNormal(TimeSpan.FromMilliseconds(20)), Concurrency = 10 },
        },
        Requests = Requests,
        Seed = 11,
    };

    [Theory]
    [InlineData(PolicyKind.PeakEwma)]
    [InlineData(PolicyKind.LeastRequests)]
    public void Load_aware_policies_keep_p99_at_most_half_of_round_robins_when_one_destination_is_twice_as_slow(PolicyKind policy)
    {
        var roundRobin = Simulator.Run(OneSlowDestination(PolicyKind.RoundRobin));
        var loadAware = Simulator.Run(OneSlowDestination(policy));
        output.WriteLine(SimulationReport.Format(roundRobin));
        output.WriteLine(SimulationReport.Format(loadAware));
        output.WriteLine($"p99: {Policies.Name(policy)} {SimulationReport.Latency(loadAware.P99)} vs round-robin {SimulationReport.Latency(roundRobin.P99)} " +
                         $"(ratio {loadAware.P99 / roundRobin.P99:0.000})");

        Assert.True(loadAware.P99 <= roundRobin.P99 * 0.5,
            $"{Policies.Name(policy)} p99 {loadAware.P99.TotalMilliseconds} ms is not at most half of round robin's {roundRobin.P99.TotalMilliseconds} ms");
        Assert.True(loadAware["c"].Share < 1.0 / 3, $"{Policies.Name(policy)} should send the slow destination less than a third, sent {loadAware["c"].Share:P1}");
    }

    [Fact]
    public void Round_robin_piles_requests_up_on_the_slow_destination()
    {
        var result = Simulator.Run(OneSlowDestination(PolicyKind.RoundRobin));
        output.WriteLine(SimulationReport.Format(result));
        var fast = Math.Max(result["a"].AverageInFlight, result["b"].AverageInFlight);
        output.WriteLine($"time-averaged in-flight: slow c {result["c"].AverageInFlight:0.0}, fastest of a/b {fast:0.0} (×{result["c"].AverageInFlight / fast:0.0})");

        Assert.Equal(1.0 / 3, result["c"].Share, 3);
        Assert.True(result["c"].AverageInFlight > 5 * fast, $"c {result["c"].AverageInFlight:0.0} vs {fast:0.0}");
    }

    [Theory]
    [InlineData(ServiceTimeKind.LogNormal, 0.2)]
    [InlineData(ServiceTimeKind.LogNormal, 0.5)]
    [InlineData(ServiceTimeKind.LogNormal, 1.0)]
    [InlineData(ServiceTimeKind.Exponential, 0.2)]
    [InlineData(ServiceTimeKind.Exponential, 0.5)]
    [InlineData(ServiceTimeKind.Exponential, 1.0)]
    public void Peak_ewma_sends_a_destination_of_fast_500s_no_more_than_its_fair_share(ServiceTimeKind service, double errorRate)
    {
        // c answers a fraction of requests with a 500 after 1 ms (10× faster than a real answer): a naive
        // latency-based balancer would flood it ("sinkholing"). No passive health is configured, so only the
        // picker can protect the cluster. Both a moderate (lognormal) and a heavier-tailed (exponential) service
        // time: the healthy backends' peak estimates, which the failing one is compared with, depend on the tail.
        var serviceTime = new ServiceTime(service, TimeSpan.FromMilliseconds(10));
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.PeakEwma, ("a", 1), ("b", 1), ("c", 1)),
            Arrivals = ArrivalProcess.Poisson(0.7 * 3000),
            DefaultBehavior = new DestinationBehavior { ServiceTime = serviceTime, Concurrency = 10 },
            Behaviors = new Dictionary<string, DestinationBehavior>
            {
                ["c"] = new() { ServiceTime = serviceTime, Concurrency = 10, ErrorRate = errorRate, ErrorTime = TimeSpan.FromMilliseconds(1) },
            },
            Requests = Requests,
            Seed = 5,
        };

        var result = Simulator.Run(scenario);
        output.WriteLine(SimulationReport.Format(result));
        output.WriteLine($"{service}, error rate {errorRate:P0}: c got {result["c"].Share:P2} (fair share 33.33 %)");

        Assert.True(result["c"].Share <= 1.0 / 3, $"c got {result["c"].Share:P2}, more than its fair third");
    }
}
