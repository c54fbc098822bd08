using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Benchmarks;

/// <summary>
/// One request's whole balancing cost with counts moving: pick, <see cref="Backend.RequestStarted"/>, and the end of
/// the oldest request still open (a closed loop keeping two requests per destination in flight). This is where
/// least-requests' tree refreshes (one per start and end) and every policy's cluster in-flight total are paid.
/// </summary>
[MemoryDiagnoser]
public class PickerUnderLoadBenchmarks
{
    private IPicker _picker = null!;
    private Backend[] _open = [];
    private int _next;
    private ulong _key;

    [Params(10, 1000)]
    public int Destinations { get; set; }

    [Params(PolicyKind.RoundRobin, PolicyKind.LeastRequests, PolicyKind.PowerOfTwo, PolicyKind.PeakEwma, PolicyKind.ConsistentHash, PolicyKind.Maglev)]
    public PolicyKind Policy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _picker = BenchPickers.Create(Policy, Destinations).Picker;
        _open = new Backend[2 * Destinations];
        for (var i = 0; i < _open.Length; i++)
        {
            _open[i] = PickAndStart();
        }
    }

    [Benchmark]
    public Backend PickStartEnd()
    {
        _open[_next].RequestEnded();
        var chosen = PickAndStart();
        _open[_next] = chosen;
        _next = _next + 1 == _open.Length ? 0 : _next + 1;
        return chosen;
    }

    private Backend PickAndStart()
    {
        _key += 0x9E3779B97F4A7C15UL;
        var chosen = _picker.Pick(new PickContext(BenchPickers.Now, _key, HasKey: true));
        chosen.RequestStarted();
        return chosen;
    }
}
