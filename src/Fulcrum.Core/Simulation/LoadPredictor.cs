using Fulcrum.Core.Config;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// The audit's view of the simulator: how a cluster's real picker will split uniform traffic at 70 % of its
/// total capacity (<see cref="SimulationScenario.Default"/>), and what that asks of each destination against
/// its declared capacity. Deterministic for a given seed.
/// </summary>
public static class LoadPredictor
{
    public const int DefaultRequests = 50_000;

    public static ClusterPrediction Predict(ClusterConfig cluster, int requests = DefaultRequests, int seed = 1)
    {
        var scenario = SimulationScenario.Default(cluster, requests, seed);
        var result = Simulator.Run(scenario);
        var predictions = new DestinationPrediction[result.Destinations.Count];
        for (var i = 0; i < predictions.Length; i++)
        {
            var destination = result.Destinations[i];
            predictions[i] = new DestinationPrediction(
                destination.Name,
                destination.Weight,
                cluster.Destinations[i].Capacity,
                destination.ExpectedShare,
                destination.Share,
                destination.Share * scenario.Arrivals.Rate,
                destination.P99);
        }
        return new ClusterPrediction(cluster.Name, cluster.Policy, scenario.Arrivals.Rate, predictions, result);
    }
}
