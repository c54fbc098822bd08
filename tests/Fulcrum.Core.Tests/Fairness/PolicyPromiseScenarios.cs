using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;

namespace Fulcrum.Core.Tests.Fairness;

/// <summary>
/// Clusters of three healthy destinations of unequal speed for the end-to-end promise tests: f at 10 ms, m at
/// 20 ms, s at 40 ms mean exponential service (p99 4.6 × the mean: s answers 1 % of its requests after 184 ms), 50
/// servers each, so 300 req/s leaves even the slowest far from full whatever the policy does with it.
/// <see cref="ShortTails"/> swaps in lognormal service of σ 0.25 (p99 ≈ 1.7 × the mean, under the overload
/// signal's 100 ms floor), so that only a policy's promise, not the overload signal, can name a bias.
/// </summary>
internal static class PolicyPromiseScenarios
{
    public static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    public static readonly (string Name, double Ms)[] Speeds = [("f", 10), ("m", 20), ("s", 40)];

    public static ClusterConfig Cluster(PolicyKind policy, int[]? weights = null, double? balanceFactor = null, double[]? capacities = null)
    {
        var cluster = new ClusterConfig
        {
            Name = "web",
            Policy = policy,
            Destinations = Speeds
                .Select((d, i) => new DestinationConfig(d.Name, new Uri($"http://10.0.0.{i + 1}:8080"), weights?[i] ?? 1, capacities?[i]))
                .ToArray(),
        };
        return Policies.IsHashing(policy)
            ? cluster with { Hash = new HashConfig(new HashKey(HashKeySource.Header, "X-User"), balanceFactor) }
            : cluster;
    }

    public static SimulationScenario Scenario(
        ClusterConfig cluster, double rate = 300, TimeSpan? duration = null, int servers = 50, bool shortTails = false) => new()
    {
        Cluster = cluster,
        Arrivals = ArrivalProcess.Poisson(rate),
        Behaviors = Speeds.ToDictionary(d => d.Name, d => new DestinationBehavior
        {
            ServiceTime = shortTails
                ? ServiceTime.LogNormal(TimeSpan.FromMilliseconds(d.Ms), 0.25)
                : ServiceTime.Exponential(TimeSpan.FromMilliseconds(d.Ms)),
            Concurrency = servers,
        }),
        Requests = 0,
        Duration = duration ?? TenMinutes,
        Keys = Policies.IsHashing(cluster.Policy) ? KeyDistribution.Uniform(10_000) : KeyDistribution.None,
        Seed = 7,
    };
}
