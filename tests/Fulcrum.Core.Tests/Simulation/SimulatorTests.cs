using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Simulation;

public sealed class SimulatorTests(ITestOutputHelper output)
{
    private static readonly TimeSpan TenMs = TimeSpan.FromMilliseconds(10);

    [Fact]
    public void Round_robin_gives_each_destination_its_weighted_share()
    {
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 3), ("b", 1)),
            Arrivals = ArrivalProcess.Poisson(1000),
            Requests = 40_000,
        };

        var result = Simulator.Run(scenario);
        output.WriteLine(SimulationReport.Format(result));

        Assert.Equal(40_000, result.Requests);
        Assert.Equal(30_000, result["a"].Requests);
        Assert.Equal(10_000, result["b"].Requests);
        Assert.Equal(0.75, result["a"].ExpectedShare, 6);
        Assert.Equal(0.75, result["a"].Share, 6);
        Assert.Equal(0, result.Errors);
    }

    [Fact]
    public void A_queue_limit_of_zero_answers_503_at_once_beyond_capacity()
    {
        // One server, 10 ms per request, a request every 5 ms: every second request finds it busy.
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1)),
            Arrivals = ArrivalProcess.FixedRate(200),
            DefaultBehavior = new DestinationBehavior { ServiceTime = ServiceTime.Constant(TenMs), Concurrency = 1, QueueLimit = 0 },
            Requests = 1_000,
        };

        var result = Simulator.Run(scenario);
        output.WriteLine(SimulationReport.Format(result));

        Assert.InRange(result["a"].Rejections, 495, 505);
        Assert.Equal(0, result["a"].Errors);
        // The proxy counts a request in flight from sending to the answer, 503s included: one served plus one refused.
        Assert.Equal(2, result["a"].MaxInFlight);
        Assert.Equal(TimeSpan.Zero, result["a"].P50);
        Assert.Equal(TenMs, result["a"].P99);
    }

    [Fact]
    public void An_unbounded_queue_makes_requests_wait_for_a_server()
    {
        // Two servers at 10 ms each, requests every 4 ms (utilization 1.25): the queue only grows.
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1)),
            Arrivals = ArrivalProcess.FixedRate(250),
            DefaultBehavior = new DestinationBehavior { ServiceTime = ServiceTime.Constant(TenMs), Concurrency = 2 },
            Requests = 1_000,
        };

        var result = Simulator.Run(scenario);
        output.WriteLine(SimulationReport.Format(result));

        Assert.Equal(0, result.Rejections);
        Assert.True(result["a"].MaxInFlight > 100, $"max in-flight {result["a"].MaxInFlight}");
        Assert.True(result["a"].P99 > TimeSpan.FromMilliseconds(500), $"p99 {result["a"].P99}");
        Assert.Equal(TenMs, Simulator.Run(scenario with { Requests = 1 })["a"].P50);
    }

    [Fact]
    public void Fast_errors_are_counted_and_reported_to_the_balancer_as_failures()
    {
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1), ("b", 1)),
            Arrivals = ArrivalProcess.Poisson(500),
            Behaviors = new Dictionary<string, DestinationBehavior>
            {
                ["b"] = DestinationBehavior.Default with { ErrorRate = 0.3, ErrorTime = TimeSpan.FromMilliseconds(1) },
            },
            Requests = 20_000,
        };

        var result = Simulator.Run(scenario);
        output.WriteLine(SimulationReport.Format(result));

        Assert.Equal(0, result["a"].Errors);
        Assert.InRange(result["b"].Errors / (double)result["b"].Requests, 0.28, 0.32);
        Assert.Equal(result["b"].Errors, result.Errors);
        Assert.True(result["b"].P50 < result["a"].P50, "30 % of b's answers are 1 ms errors, so its median is lower");
    }

    [Fact]
    public void A_failed_destination_refuses_until_it_recovers()
    {
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1), ("b", 1)),
            Arrivals = ArrivalProcess.FixedRate(1000),
            Requests = 30_000,
            Events = [ScenarioEvent.Fail(TimeSpan.FromSeconds(10), "b"), ScenarioEvent.Recover(TimeSpan.FromSeconds(20), "b")],
        };

        var result = Simulator.Run(scenario);
        output.WriteLine(SimulationReport.Format(result));

        // Round robin keeps sending b its half for the 10 s it is down: 5,000 refused connections.
        Assert.InRange(result["b"].Errors, 4_990, 5_010);
        Assert.Equal(0, result["a"].Errors);
        Assert.Equal(2, result.EventsApplied.Count);
    }

    [Fact]
    public void A_slowdown_multiplies_service_times_from_its_time_on()
    {
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1)),
            Arrivals = ArrivalProcess.FixedRate(100),
            DefaultBehavior = new DestinationBehavior { ServiceTime = ServiceTime.Constant(TenMs), Concurrency = null },
            Requests = 3_000,
            Events = [ScenarioEvent.Slowdown(TimeSpan.FromSeconds(20), "a", 3)],
        };

        var result = Simulator.Run(scenario);

        Assert.Equal(TenMs, result["a"].P50);
        Assert.Equal(TimeSpan.FromMilliseconds(30), result["a"].P99);
    }

    [Fact]
    public void Removing_and_adding_destinations_rebuilds_the_balancer_and_the_expected_shares()
    {
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1), ("b", 1)),
            Arrivals = ArrivalProcess.FixedRate(1000),
            Requests = 30_000,
            Keys = KeyDistribution.Uniform(100),
            RecordKeyAssignments = true,
            Events =
            [
                ScenarioEvent.Remove(TimeSpan.FromSeconds(10), "b"),
                ScenarioEvent.Add(TimeSpan.FromSeconds(20), "c", weight: 3),
            ],
        };

        var result = Simulator.Run(scenario);
        output.WriteLine(SimulationReport.Format(result));

        // 0-10 s: a and b share 10,000; 10-20 s: a alone 10,000; 20-30 s: a 1/4, c 3/4 of 10,000.
        Assert.InRange(result["a"].Requests, 17_490, 17_510);
        Assert.InRange(result["b"].Requests, 4_990, 5_010);
        Assert.InRange(result["c"].Requests, 7_490, 7_510);
        Assert.Equal(result["c"].Requests / 30_000.0, result["c"].ExpectedShare, 3);
        Assert.Equal(3, result["c"].Weight);
        Assert.Equal(3, result.KeyPhases.Count);
        Assert.DoesNotContain("b", result.KeyPhases[1].DestinationByKey);
        Assert.Contains("c", result.KeyPhases[2].DestinationByKey);
    }

    [Fact]
    public void A_weight_change_takes_effect_at_its_time()
    {
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1), ("b", 1)),
            Arrivals = ArrivalProcess.FixedRate(1000),
            Requests = 20_000,
            Events = [ScenarioEvent.SetWeight(TimeSpan.FromSeconds(10), "b", 0)],
        };

        var result = Simulator.Run(scenario);

        Assert.InRange(result["b"].Requests, 4_990, 5_010);
        Assert.Equal(0.25, result["b"].ExpectedShare, 3);
        Assert.Equal(0, result["b"].Weight);
    }

    [Fact]
    public void A_duration_stops_arrivals()
    {
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1)),
            Arrivals = ArrivalProcess.FixedRate(100),
            Requests = 0,
            Duration = TimeSpan.FromSeconds(5),
        };

        var result = Simulator.Run(scenario);

        Assert.InRange(result.Requests, 499, 500);
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(4.98), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void An_event_naming_an_unknown_destination_is_refused_with_its_name()
    {
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1)),
            Arrivals = ArrivalProcess.Poisson(100),
            Events = [ScenarioEvent.Remove(TimeSpan.FromSeconds(1), "a"), ScenarioEvent.Slowdown(TimeSpan.FromSeconds(2), "a", 2)],
        };

        var error = Assert.Throws<ArgumentException>(() => Simulator.Run(scenario));

        Assert.Contains("no destination 'a' in the cluster at that time", error.Message);
    }

    [Fact]
    public void A_destination_added_under_slow_start_ramps_up_instead_of_taking_its_full_share_at_once()
    {
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1), ("b", 1)) with { SlowStart = TimeSpan.FromSeconds(10) },
            Arrivals = ArrivalProcess.FixedRate(1000),
            Requests = 20_000,
            Events = [ScenarioEvent.Add(TimeSpan.FromSeconds(10), "c")],
        };

        var result = Simulator.Run(scenario);
        output.WriteLine(SimulationReport.Format(result));

        // From 10 s to 20 s c ramps from 10 % to 100 % of its weight: about 1/3 × ~0.6 of 10,000 instead of 3,333.
        var slowStart = Assert.Single(result.BalancerEvents, e => e.Kind == BalancerEventKind.SlowStartBegan);
        Assert.Equal("c", slowStart.Destination);
        Assert.InRange(result["c"].Requests, 1_000, 2_800);
        Assert.InRange(result["c"].ExpectedShare * 20_000, 3_330, 3_337); // expected share ignores the ramp: weights only
    }
}
