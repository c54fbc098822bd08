using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Benchmarks;

/// <summary>
/// What a driver does per request through <see cref="ClusterBalancer"/>: pick (with the lazy un-eject check)
/// and record the outcome (peak-EWMA update, failure penalty, passive outlier streak).
/// </summary>
[MemoryDiagnoser]
public class BalancerBenchmarks
{
    private ClusterBalancer _balancer = null!;
    private long _now;

    [Params(3, 10, 100, 1000)]
    public int Destinations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var cluster = new ClusterConfig
        {
            Name = "bench",
            Policy = PolicyKind.PeakEwma,
            Destinations = [.. Enumerable.Range(0, Destinations).Select(i => new DestinationConfig($"d{i}", new Uri($"http://10.0.0.{i % 250}:80"), i % 5 + 1))],
            Health = new HealthConfig(null, new PassiveHealthConfig(5, TimeSpan.FromSeconds(30), 50)),
        };
        _balancer = new ClusterBalancer(cluster, TimeProvider.System, Random.Shared);
        _now = TimeSpan.FromHours(1).Ticks;
    }

    [Benchmark]
    public Backend PickAndRecord()
    {
        _now += TimeSpan.TicksPerMillisecond;
        var chosen = _balancer.Pick(new PickContext(_now))!;
        _balancer.RecordOutcome(chosen, _now, TimeSpan.FromMilliseconds(7), failure: false);
        return chosen;
    }
}
