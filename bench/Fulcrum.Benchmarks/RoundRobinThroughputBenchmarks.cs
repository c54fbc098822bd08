using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Benchmarks;

/// <summary>
/// Round-robin picks per second for the "≥ 10 M picks/s" goal: a batch of picks on one thread, and the same
/// batch split over every core hammering one shared picker (the interlocked counter is the contended part).
/// Time per operation is per pick, so picks/s = 1e9 / ns.
/// </summary>
[MemoryDiagnoser]
public class RoundRobinThroughputBenchmarks
{
    private const int PicksPerInvoke = 1 << 20;

    private static readonly long Now = TimeSpan.FromHours(1).Ticks;

    private IPicker _picker = null!;

    [Params(10)]
    public int Destinations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _picker = BuiltInPolicies.CreatePicker(new ClusterConfig { Name = "bench", Destinations = [] }, Random.Shared);
        _picker.Update([.. Enumerable.Range(0, Destinations).Select(i => new Backend($"d{i}", i, i % 3 + 1))]);
    }

    [Benchmark(OperationsPerInvoke = PicksPerInvoke)]
    public int OneThread() => PickBatch(PicksPerInvoke);

    [Benchmark(OperationsPerInvoke = PicksPerInvoke)]
    public int AllCores()
    {
        var threads = Environment.ProcessorCount;
        var total = 0;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            _ => Interlocked.Add(ref total, PickBatch(PicksPerInvoke / threads)));
        return total;
    }

    private int PickBatch(int picks)
    {
        var sum = 0;
        var context = new PickContext(Now);
        for (var i = 0; i < picks; i++)
        {
            sum += _picker.Pick(context).Index;
        }
        return sum;
    }
}
