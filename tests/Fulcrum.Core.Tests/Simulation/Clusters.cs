using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Simulation;

/// <summary>Builds cluster configs for simulation tests.</summary>
internal static class Clusters
{
    public static ClusterConfig Of(PolicyKind policy, params (string Name, int Weight)[] destinations) => new()
    {
        Name = "test",
        Policy = policy,
        Destinations = destinations
            .Select((d, i) => new DestinationConfig(d.Name, new Uri($"http://127.0.0.1:{9001 + i}"), d.Weight))
            .ToArray(),
    };

    /// <summary><paramref name="count"/> destinations d0, d1, … of weight 1.</summary>
    public static ClusterConfig Equal(PolicyKind policy, int count, double? balanceFactor = null)
    {
        var cluster = Of(policy, Enumerable.Range(0, count).Select(i => ($"d{i}", 1)).ToArray());
        return Policies.IsHashing(policy)
            ? cluster with { Hash = new HashConfig(new HashKey(HashKeySource.Header, "X-User"), balanceFactor) }
            : cluster;
    }
}
