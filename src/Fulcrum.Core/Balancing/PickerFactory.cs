using Fulcrum.Core.Config;

namespace Fulcrum.Core.Balancing;

/// <summary>
/// Creates the picker a cluster's policy names. The <see cref="Random"/> is used from every thread that picks:
/// pass <see cref="Random.Shared"/> when picks are concurrent, a seeded instance for a single-threaded simulation.
/// </summary>
public static class PickerFactory
{
    public static IPicker Create(ClusterConfig cluster, Random random) => cluster.Policy switch
    {
        PolicyKind.RoundRobin => new RoundRobinPicker(random),
        PolicyKind.Random => new RandomPicker(random),
        PolicyKind.LeastRequests => new LeastRequestsPicker(random),
        PolicyKind.PowerOfTwo => new PowerOfTwoPicker(random),
        PolicyKind.PeakEwma => new PeakEwmaPicker(random),
        PolicyKind.ConsistentHash => new ConsistentHashPicker(random, cluster.Hash?.BalanceFactor),
        PolicyKind.Maglev => new MaglevPicker(random, cluster.Hash?.BalanceFactor),
        PolicyKind.FirstAvailable => new FirstAvailablePicker(),
        _ => throw new ArgumentOutOfRangeException(nameof(cluster), cluster.Policy, "Unknown balancing policy."),
    };
}
