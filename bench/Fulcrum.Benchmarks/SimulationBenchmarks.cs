using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;

namespace Fulcrum.Benchmarks;

/// <summary>
/// Simulator throughput: one run of <see cref="Requests"/> simulated requests through the real balancer
/// (3 destinations, the default scenario: Poisson arrivals at 70 % of capacity, 10 servers at 10 ms each).
/// OperationsPerInvoke makes "Mean" the wall-clock cost of one simulated request; the Requests/s column is
/// 1 s / Mean, to read against the goal of 10 M simulated requests per second.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class SimulationBenchmarks
{
    private const int Requests = 200_000;

    private SimulationScenario _scenario = null!;

    [Params(PolicyKind.RoundRobin, PolicyKind.PeakEwma)]
    public PolicyKind Policy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scenario = SimulationScenario.Default(Cluster(Policy), Requests, seed: 1);
    }

    /// <summary>The benchmark's cluster: <paramref name="destinations"/> equal destinations (3 unless given) under <paramref name="policy"/>.</summary>
    internal static ClusterConfig Cluster(PolicyKind policy, int destinations = 3) => new()
    {
        Name = "bench",
        Policy = policy,
        Destinations = [.. Enumerable.Range(0, destinations).Select(i => new DestinationConfig($"d{i}", new Uri($"http://127.0.0.1:{9001 + i}"), 1))],
    };

    [Benchmark(OperationsPerInvoke = Requests)]
    public long SimulatedRequest() => Simulator.Run(_scenario).Requests;

    private sealed class Columns : BenchmarkDotNet.Configs.ManualConfig
    {
        public Columns() => AddColumn(new RequestsPerSecondColumn());
    }
}
