using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Audit;

public class SimulatorShareSimulatorTests
{
    private static ClusterConfig Cluster(PolicyKind policy, params (string Name, int Weight, double? Capacity)[] destinations) => new()
    {
        Name = "web",
        Policy = policy,
        Destinations = destinations
            .Select((d, i) => new DestinationConfig(d.Name, new Uri($"http://10.0.0.{i + 1}:8080"), d.Weight, d.Capacity))
            .ToList(),
    };

    [Fact]
    public void Predicts_weighted_round_robin_shares_and_rates_at_the_offered_rate()
    {
        var prediction = new SimulatorShareSimulator().Predict(Cluster(PolicyKind.RoundRobin, ("a", 1, 100), ("b", 2, 200)), 210);

        Assert.Equal("web", prediction.Cluster);
        Assert.True(prediction.Requests >= 5_000);
        Assert.Equal(1 / 3.0, prediction.Find("a")!.Share, 2);
        Assert.Equal(2 / 3.0, prediction.Find("b")!.Share, 2);
        Assert.Equal(70, prediction.Find("a")!.Rate!.Value, 0);
        Assert.Equal(140, prediction.Find("b")!.Rate!.Value, 0);
    }

    [Fact]
    public void Gives_weight_0_destinations_nothing_and_no_rates_without_an_offered_rate()
    {
        var prediction = new SimulatorShareSimulator().Predict(Cluster(PolicyKind.RoundRobin, ("a", 1, null), ("b", 0, null)), null);

        Assert.Equal(1.0, prediction.Find("a")!.Share);
        Assert.Equal(0.0, prediction.Find("b")!.Share);
        Assert.Null(prediction.Find("a")!.Rate);
    }

    [Fact]
    public void Is_deterministic()
    {
        var cluster = Cluster(PolicyKind.Random, ("a", 1, null), ("b", 1, null), ("c", 1, null));

        var first = new SimulatorShareSimulator().Predict(cluster, null);
        var second = new SimulatorShareSimulator().Predict(cluster, null);

        Assert.Equal(first.Destinations, second.Destinations);
    }
}
