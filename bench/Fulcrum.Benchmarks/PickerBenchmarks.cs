using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Benchmarks;

/// <summary>
/// The hot path: one <see cref="IPicker.Pick"/> per policy and cluster size, warm backends (no slow-start ramp),
/// weights 1..5 in turn, a different key hash per pick, and Random.Shared as the proxy uses it.
/// Hash policies run with bounded loads (balance factor 1.25), their costlier mode.
/// </summary>
[MemoryDiagnoser]
public class PickerBenchmarks
{
    private static readonly long Now = TimeSpan.FromHours(1).Ticks;

    private IPicker _picker = null!;
    private ulong _key;

    [Params(3, 10, 100, 1000)]
    public int Destinations { get; set; }

    [ParamsAllValues]
    public PolicyKind Policy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var cluster = new ClusterConfig
        {
            Name = "bench",
            Policy = Policy,
            Destinations = [],
            Hash = Policies.IsHashing(Policy) ? new HashConfig(new HashKey(HashKeySource.Path, null), 1.25) : null,
        };
        var backends = Enumerable.Range(0, Destinations).Select(i => new Backend($"d{i}", i, i % 5 + 1)).ToArray();
        foreach (var backend in backends)
        {
            backend.Latency.Observe(Now, TimeSpan.FromMilliseconds(5 + backend.Index % 7));
        }
        _picker = PickerFactory.Create(cluster, Random.Shared);
        _picker.Update(backends);
    }

    [Benchmark]
    public Backend Pick()
    {
        _key += 0x9E3779B97F4A7C15UL;
        return _picker.Pick(new PickContext(Now, _key, HasKey: true));
    }
}
