using Fulcrum.Core.Config;

namespace Fulcrum.Core.Balancing;

/// <summary>
/// Fulcrum's own policies, named <c>Fulcrum.</c> and the <see cref="PolicyKind"/> (<c>Fulcrum.RoundRobin</c>, ...).
/// They register through the same <see cref="BalancingPolicyRegistry"/> as an app's policies.
/// </summary>
public static class BuiltInPolicies
{
    private static readonly BalancingPolicy[] Policies =
    [
        BalancingPolicy.BuiltIn(PolicyKind.RoundRobin, static (_, random) => new RoundRobinPicker(random)),
        BalancingPolicy.BuiltIn(PolicyKind.Random, static (_, random) => new RandomPicker(random)),
        BalancingPolicy.BuiltIn(PolicyKind.LeastRequests, static (_, random) => new LeastRequestsPicker(random)),
        BalancingPolicy.BuiltIn(PolicyKind.PowerOfTwo, static (_, random) => new PowerOfTwoPicker(random)),
        BalancingPolicy.BuiltIn(PolicyKind.PeakEwma, static (cluster, random) => new PeakEwmaPicker(random, cluster.PeakEwma)),
        BalancingPolicy.BuiltIn(PolicyKind.ConsistentHash, static (cluster, random) => new ConsistentHashPicker(random, cluster.Hash?.BalanceFactor)),
        BalancingPolicy.BuiltIn(PolicyKind.Maglev, static (cluster, random) => new MaglevPicker(random, cluster.Hash?.BalanceFactor)),
        BalancingPolicy.BuiltIn(PolicyKind.FirstAvailable, static (_, _) => new FirstAvailablePicker()),
    ];

    /// <summary>All built-in policies, in <see cref="PolicyKind"/> order.</summary>
    public static IReadOnlyList<BalancingPolicy> All => Policies;

    /// <summary>The built-in policy of a kind.</summary>
    public static BalancingPolicy For(PolicyKind kind) => Policies[(int)kind];

    /// <summary>
    /// Creates a cluster's picker: its <see cref="ClusterConfig.CustomPolicy"/> when it has one, else its built-in policy.
    /// The <see cref="Random"/> is used from every thread that picks: pass <see cref="Random.Shared"/> when picks are
    /// concurrent, a seeded instance for a single-threaded simulation.
    /// </summary>
    public static IPicker CreatePicker(ClusterConfig cluster, Random random) =>
        (cluster.CustomPolicy ?? For(cluster.Policy)).CreatePicker(cluster, random);
}
