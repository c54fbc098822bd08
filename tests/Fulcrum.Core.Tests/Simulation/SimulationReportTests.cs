using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Simulation;

public sealed class SimulationReportTests(ITestOutputHelper output)
{
    [Fact]
    public void The_report_is_an_aligned_table_with_every_column()
    {
        var result = Simulator.Run(new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.RoundRobin, ("alpha", 2), ("b", 1)),
            Arrivals = ArrivalProcess.Poisson(500),
            Requests = 3_000,
            Events = [ScenarioEvent.Slowdown(TimeSpan.FromSeconds(1), "b", 2)],
        });

        var report = SimulationReport.Format(result);
        output.WriteLine(report);
        var lines = report.Split('\n');
        var header = Array.Find(lines, l => l.StartsWith("destination", StringComparison.Ordinal))!;
        var alpha = Array.Find(lines, l => l.StartsWith("alpha ", StringComparison.Ordinal))!;

        Assert.StartsWith("cluster test (round-robin), seed 1: 3,000 requests", report);
        Assert.Contains("event at 1s: b slows down ×2", report);
        foreach (var column in new[] { "weight", "expected", "actual", "requests", "errors", "rejected", "p50", "p99", "p99.9", "avg in-flight", "max in-flight", "load" })
        {
            Assert.Contains(column, header);
        }
        // Right-aligned columns: each value ends where its header ends.
        Assert.Equal(header.IndexOf("requests", StringComparison.Ordinal) + "requests".Length, alpha.IndexOf("2,000", StringComparison.Ordinal) + "2,000".Length);
        Assert.Contains("66.7%", alpha);
    }

    [Fact]
    public void An_app_policy_is_reported_by_its_own_name_not_the_built_in_it_is_judged_as()
    {
        var mine = new BalancingPolicy("Fulcrum.Mine", (cluster, random) => BuiltInPolicies.CreatePicker(cluster with { CustomPolicy = null }, random), PolicyKind.LeastRequests);
        var result = Simulator.Run(new SimulationScenario
        {
            Cluster = Clusters.Of(PolicyKind.LeastRequests, ("a", 1), ("b", 1)) with { CustomPolicy = mine },
            Arrivals = ArrivalProcess.Poisson(500),
            Requests = 1_000,
        });

        Assert.Equal("Fulcrum.Mine", result.PolicyName);
        Assert.StartsWith("cluster test (Fulcrum.Mine), seed 1:", SimulationReport.Format(result));
    }

    [Theory]
    [InlineData(0.4, "400us")]
    [InlineData(2.5, "2.50ms")]
    [InlineData(45.25, "45.3ms")]
    [InlineData(1500, "1.50s")]
    public void Latencies_get_a_readable_unit(double milliseconds, string expected) =>
        Assert.Equal(expected, SimulationReport.Latency(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Balancer_events_such_as_ejections_are_reported()
    {
        // b refuses every connection from 5 s; passive health ejects it after 5 consecutive failures.
        var cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1), ("b", 1), ("c", 1)) with
        {
            Health = new HealthConfig(null, new PassiveHealthConfig(5, TimeSpan.FromSeconds(30), 50)),
        };
        var result = Simulator.Run(new SimulationScenario
        {
            Cluster = cluster,
            Arrivals = ArrivalProcess.FixedRate(1000),
            Requests = 20_000,
            Events = [ScenarioEvent.Fail(TimeSpan.FromSeconds(5), "b")],
        });
        var report = SimulationReport.Format(result);
        output.WriteLine(report);

        var ejection = Assert.Single(result.BalancerEvents, e => e.Kind == BalancerEventKind.Ejected);
        Assert.Equal("b", ejection.Destination);
        // Requests b accepted before 5 s still succeed after it and reset the streak, so it takes a few more
        // than 5 refusals; then nothing more reaches b (without passive health round robin sends it ~5,000).
        var ejectedAt = TimeSpan.FromTicks(ejection.AtTicks - VirtualTimeProvider.OriginTicks);
        Assert.InRange(ejectedAt, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.1));
        Assert.InRange(result["b"].Errors, 5, 20);
        Assert.Contains($"balancer at {ejectedAt.TotalSeconds:0.0##}s: Ejected b: 5 consecutive failures", report);
    }
}
