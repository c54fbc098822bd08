using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Benchmarks;

/// <summary>
/// One peak-ewma pick with its settings (<c>clusters.*.peak-ewma</c>): k distinct candidates cost k - 1 comparisons
/// and k - 2 extra draws; parallelism costs nothing, <c>cost: expected-delay</c> a max instead of an addition.
/// Same setup as <see cref="PickerBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class PeakEwmaSettingsBenchmarks
{
    private IPicker _picker = null!;

    [Params(10, 1000)]
    public int Destinations { get; set; }

    [Params(2, 3)]
    public int Choices { get; set; }

    [Params(PeakEwmaCost.Load, PeakEwmaCost.ExpectedDelay)]
    public PeakEwmaCost Cost { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _picker = BenchPickers.Create(PolicyKind.PeakEwma, Destinations, new PeakEwmaConfig(Choices, Cost == PeakEwmaCost.Load ? 16 : 8, Cost)).Picker;

    [Benchmark]
    public Backend Pick() => _picker.Pick(new PickContext(BenchPickers.Now));
}
