using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Benchmarks;

/// <summary>The picker setup the picker benchmarks share: one cluster's warm backends, weights 1..5 in turn.</summary>
internal static class BenchPickers
{
    public static readonly long Now = TimeSpan.FromHours(1).Ticks;

    /// <summary>
    /// A picker of <paramref name="policy"/> over <paramref name="destinations"/> backends that share one in-flight
    /// total, as a <see cref="ClusterBalancer"/>'s do (hand-built backends that do not would be summed per pick).
    /// Hash policies get bounded loads (balance factor 1.25), their costlier mode.
    /// </summary>
    public static (IPicker Picker, Backend[] Backends) Create(PolicyKind policy, int destinations, PeakEwmaConfig? peakEwma = null)
    {
        var cluster = new ClusterConfig
        {
            Name = "bench",
            Policy = policy,
            Destinations = [],
            Hash = Policies.IsHashing(policy) ? new HashConfig(new HashKey(HashKeySource.Path, null), 1.25) : null,
            PeakEwma = peakEwma ?? PeakEwmaConfig.Default,
        };
        var total = new ClusterInFlight();
        var backends = Enumerable.Range(0, destinations).Select(i => new Backend($"d{i}", i, i % 5 + 1, cluster: total)).ToArray();
        foreach (var backend in backends)
        {
            backend.Latency.Observe(Now, TimeSpan.FromMilliseconds(5 + backend.Index % 7));
        }
        var picker = BuiltInPolicies.CreatePicker(cluster, Random.Shared);
        picker.Update(backends);
        return (picker, backends);
    }
}
