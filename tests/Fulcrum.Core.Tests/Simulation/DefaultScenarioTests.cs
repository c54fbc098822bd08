using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Simulation;

public sealed class DefaultScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public void The_default_scenario_offers_70_percent_of_the_declared_capacity()
    {
        var cluster = Clusters.Of(PolicyKind.RoundRobin, ("a", 1), ("b", 1), ("drained", 0)) with
        {
            Destinations =
            [
                new DestinationConfig("a", new Uri("http://a"), 1, Capacity: 300),
                new DestinationConfig("b", new Uri("http://b"), 1),
                new DestinationConfig("drained", new Uri("http://c"), 0, Capacity: 5000),
            ],
        };

        var scenario = SimulationScenario.Default(cluster, 1000, 4);

        // a: its declared 300 req/s; b: the default 10 servers × 10 ms = 1000 req/s; drained takes no traffic.
        Assert.Equal(0.7 * 1300, scenario.Arrivals.Rate, 1);
        Assert.Equal(ArrivalKind.Poisson, scenario.Arrivals.Kind);
        Assert.Equal(300, scenario.BehaviorOf("a").Throughput!.Value, 1);
        Assert.Equal(DestinationBehavior.Default, scenario.BehaviorOf("b"));
        Assert.Equal((1000L, 4), (scenario.Requests, scenario.Seed));
        Assert.Equal(KeyDistribution.None, scenario.Keys);
        Assert.Equal(KeyDistributionKind.Uniform, SimulationScenario.Default(Clusters.Equal(PolicyKind.Maglev, 3), 10, 1).Keys.Kind);
    }

    [Fact]
    public void The_predictor_flags_equal_weights_over_unequal_capacities()
    {
        // The blunder this product exists for: equal weights, but b can take three times what a can.
        var cluster = Clusters.Of(PolicyKind.RoundRobin) with
        {
            Destinations =
            [
                new DestinationConfig("a", new Uri("http://a"), 1, Capacity: 100),
                new DestinationConfig("b", new Uri("http://b"), 1, Capacity: 300),
            ],
        };

        var prediction = LoadPredictor.Predict(cluster, requests: 20_000);
        output.WriteLine(SimulationReport.Format(prediction.Simulation));

        // 70 % of 400 req/s = 280 req/s, split evenly: a is asked 140 req/s of its 100.
        Assert.Equal(280, prediction.OfferedRate, 1);
        var a = prediction.Find("a")!;
        var b = prediction.Find("b")!;
        Assert.Equal(0.5, a.PredictedShare, 3);
        Assert.Equal(1.4, a.Utilization!.Value, 2);
        Assert.True(a.Overloaded);
        Assert.Equal(140.0 / 300, b.Utilization!.Value, 2);
        Assert.False(b.Overloaded);
        Assert.True(a.P99 > 10 * b.P99, $"a's queue grows without bound: p99 {a.P99} vs {b.P99}");
    }

    [Fact]
    public void The_predictor_leaves_utilization_empty_without_a_declared_capacity()
    {
        var prediction = LoadPredictor.Predict(Clusters.Of(PolicyKind.RoundRobin, ("a", 3), ("b", 1)), requests: 4_000);

        Assert.Equal([0.75, 0.25], prediction.Destinations.Select(d => d.ExpectedShare));
        Assert.Equal([0.75, 0.25], prediction.Destinations.Select(d => d.PredictedShare));
        Assert.All(prediction.Destinations, d => Assert.Null(d.Utilization));
    }

    [Fact]
    public void A_cluster_without_destinations_is_predicted_as_all_errors_not_a_crash()
    {
        var prediction = LoadPredictor.Predict(Clusters.Of(PolicyKind.RoundRobin), requests: 100);

        Assert.Empty(prediction.Destinations);
        Assert.Equal(100, prediction.Simulation.Errors);
    }
}
