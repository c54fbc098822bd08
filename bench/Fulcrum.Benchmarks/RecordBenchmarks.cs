using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Benchmarks;

/// <summary>
/// The distribution monitor's hot path: one <see cref="ClusterRecorder.Record"/> per completed request, directly on the
/// cluster's recorder and through the monitor's lookup by cluster name. Must allocate nothing.
/// Run: dotnet run -c Release --project bench/Fulcrum.Benchmarks -- --filter '*RecordBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class RecordBenchmarks
{
    private ClusterRecorder _recorder = null!;
    private DistributionMonitor _monitor = null!;
    private Backend[] _backends = null!;

    [GlobalSetup]
    public void Setup()
    {
        var config = new ClusterConfig
        {
            Name = "web",
            Destinations = Enumerable.Range(0, 3)
                .Select(i => new DestinationConfig($"d{i}", new Uri($"http://127.0.0.1:{9001 + i}"), i + 1))
                .ToArray(),
        };
        var balancer = new ClusterBalancer(config, TimeProvider.System);
        _monitor = new DistributionMonitor(FairnessConfig.Default, TimeProvider.System);
        _recorder = _monitor.Track(balancer);
        _backends = balancer.Backends.ToArray();
    }

    [Benchmark(Baseline = true)]
    public void Record() => _recorder.Record(_backends[1], 200, false, TimeSpan.FromMilliseconds(12.5));

    [Benchmark]
    public void RecordByClusterName() => _monitor.Record("web", _backends[2], 503, false, TimeSpan.FromMilliseconds(80));
}
