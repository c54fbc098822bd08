using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;

namespace Fulcrum.Core.Tests.Simulation;

/// <summary>The simulator honours <c>timeouts.request</c> as the proxy does, and reports requests over a latency threshold.</summary>
public sealed class TimeoutTests
{
    /// <summary>One destination of 10 servers at 10 ms (1000 req/s) offered 1500 req/s: its queue grows without end.</summary>
    private static SimulationScenario Overloaded(TimeSpan? timeout) => new()
    {
        Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1)) with { Timeouts = new TimeoutsConfig(null, timeout) },
        Arrivals = ArrivalProcess.FixedRate(1500),
        Requests = 0,
        Duration = TimeSpan.FromSeconds(60),
    };

    [Fact]
    public void An_overloaded_destination_times_out_instead_of_answering_after_minutes()
    {
        var without = Simulator.Run(Overloaded(null));
        var with = Simulator.Run(Overloaded(TimeSpan.FromSeconds(10)));

        // Without a timeout the model waits forever (the "p99 of 127 s and 0 errors" the CLI printed).
        Assert.True(without.P99 > TimeSpan.FromSeconds(15), $"p99 {without.P99}");
        Assert.Equal(0, without.Errors);
        // With one, nothing waits past it, and whatever did is a 504: an error.
        Assert.True(with.P99 <= TimeSpan.FromSeconds(10), $"p99 {with.P99}");
        Assert.True(with.TimedOut > 10_000, $"timed out {with.TimedOut}");
        Assert.Equal(with.TimedOut, with.Errors);
        Assert.Equal(with.TimedOut, with["a"].TimedOut);
        Assert.Equal(TimeSpan.FromSeconds(10), with.LatencyThreshold);
        Assert.Equal(with.TimedOut, with.OverThreshold);
        Assert.Contains($"timed out {with.TimedOut:N0}", SimulationReport.Format(with));
    }

    [Fact]
    public void Timeouts_feed_passive_health_like_any_failure()
    {
        // b stalls at 5 s: every request to it runs into the 1 s timeout, and five in a row eject it.
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1), ("b", 1)) with
            {
                Timeouts = new TimeoutsConfig(null, TimeSpan.FromSeconds(1)),
                Health = new HealthConfig(null, new PassiveHealthConfig(5, TimeSpan.FromSeconds(30), 50)),
            },
            Arrivals = ArrivalProcess.FixedRate(100),
            Requests = 0,
            Duration = TimeSpan.FromSeconds(20),
            Events = [ScenarioEvent.Slowdown(TimeSpan.FromSeconds(5), "b", 1000)],
        };

        var result = Simulator.Run(scenario);

        var ejected = Assert.Single(result.BalancerEvents, e => e.Kind == BalancerEventKind.Ejected);
        Assert.Equal("b", ejected.Destination);
        Assert.InRange(TimeSpan.FromTicks(ejected.AtTicks - VirtualTimeProvider.OriginTicks), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(6.2));
        // The 50 requests b took in the second before its first timeout all time out, plus the few it took until the
        // fifth timeout ejected it (one every 20 ms); none after.
        Assert.InRange(result["b"].TimedOut, 50, 56);
        Assert.Equal(0, result["a"].Errors);
    }

    [Fact]
    public void A_latency_threshold_counts_the_slow_requests_without_cutting_them_off()
    {
        var scenario = new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1), ("b", 1)),
            Arrivals = ArrivalProcess.FixedRate(100),
            Requests = 1_000,
            Behaviors = new Dictionary<string, DestinationBehavior>
            {
                ["a"] = new() { ServiceTime = ServiceTime.Constant(TimeSpan.FromMilliseconds(10)) },
                ["b"] = new() { ServiceTime = ServiceTime.Constant(TimeSpan.FromMilliseconds(300)) },
            },
            LatencyThreshold = TimeSpan.FromMilliseconds(250),
        };

        var result = Simulator.Run(scenario);

        Assert.Equal(500, result.OverThreshold);
        Assert.Equal(0.5, result.OverThresholdShare);
        Assert.Equal(0, result.TimedOut);
        Assert.Equal(0, result.Errors);
        Assert.Contains("at or over 250.0ms: 500 (50.0%), timed out 0", SimulationReport.Format(result));
    }
}
