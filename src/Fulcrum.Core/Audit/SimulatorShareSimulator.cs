using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;

namespace Fulcrum.Core.Audit;

/// <summary>
/// Predicts shares with the project's simulator: the cluster's real balancer and picker driven in virtual time
/// by <see cref="SimulationScenario.Default"/> — Poisson arrivals, uniform hash keys, each destination modelled
/// from its declared capacity, all healthy and warm. The offered rate, when given, replaces the scenario's.
/// Seeded, hence deterministic.
/// </summary>
internal sealed class SimulatorShareSimulator : IShareSimulator
{
    private const int MinRequests = 5_000;
    private const int RequestsPerDestination = 1_000;
    private const int MaxRequests = 100_000;

    private readonly int _seed;

    public SimulatorShareSimulator(int seed = 1)
    {
        _seed = seed;
    }

    public SharePrediction Predict(ClusterConfig cluster, double? offeredRate)
    {
        var requests = Math.Clamp(RequestsPerDestination * cluster.Destinations.Count, MinRequests, MaxRequests);
        var scenario = SimulationScenario.Default(cluster, requests, _seed);
        if (offeredRate is > 0)
        {
            scenario = scenario with { Arrivals = ArrivalProcess.Poisson(offeredRate.Value) };
        }
        var result = Simulator.Run(scenario);
        var total = Math.Max(1, result.Destinations.Sum(d => d.Requests));
        var destinations = result.Destinations
            .Select(d => new PredictedDestination(d.Name, (double)d.Requests / total, offeredRate * d.Requests / total, d.AverageInFlight,
                d.Errors, d.MeanLatency, d.P50, d.P99))
            .ToList();
        return new SharePrediction(cluster.Name, (int)Math.Min(int.MaxValue, total), offeredRate, destinations);
    }
}
