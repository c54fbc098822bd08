using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Balancing;

namespace Fulcrum.Benchmarks;

/// <summary>Hashing a request key (header, cookie or path) for the hash policies: short, typical and long keys.</summary>
[MemoryDiagnoser]
public class KeyHasherBenchmarks
{
    private string _key = "";

    [Params(8, 64, 1024)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup() => _key = string.Concat(Enumerable.Repeat("user-42/", Length / 8 + 1))[..Length];

    [Benchmark]
    public ulong Hash() => KeyHasher.Hash(_key);
}
