using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Benchmarks;

/// <summary>
/// The hot path: one <see cref="IPicker.Pick"/> per policy at the sizes of issue 13's goals (≤ 50 ns at 10
/// destinations, ≤ 200 ns and 0 B at 1,000), nothing in flight (see <see cref="PickerUnderLoadBenchmarks"/> for
/// picks among moving counts), a different key hash per pick, and Random.Shared as the proxy uses it.
/// </summary>
[MemoryDiagnoser]
public class PickerBenchmarks
{
    private IPicker _picker = null!;
    private ulong _key;

    [Params(10, 1000)]
    public int Destinations { get; set; }

    [ParamsAllValues]
    public PolicyKind Policy { get; set; }

    [GlobalSetup]
    public void Setup() => _picker = BenchPickers.Create(Policy, Destinations).Picker;

    [Benchmark]
    public Backend Pick()
    {
        _key += 0x9E3779B97F4A7C15UL;
        return _picker.Pick(new PickContext(BenchPickers.Now, _key, HasKey: true));
    }
}
