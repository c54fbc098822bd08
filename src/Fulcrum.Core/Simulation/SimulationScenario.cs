using Fulcrum.Core.Config;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// Everything one simulation run needs: the cluster (its real config, driven through the real
/// <see cref="Balancing.ClusterBalancer"/>), how each destination behaves, how requests arrive and what keys
/// they carry, timed events, and when to stop (<see cref="Requests"/> arrivals or <see cref="Duration"/>,
/// whichever comes first). The same scenario and seed always give the same result.
/// </summary>
public sealed record SimulationScenario
{
    /// <summary>The share of total capacity the default scenario offers: busy but stable.</summary>
    public const double DefaultLoad = 0.7;

    /// <summary>Keys the default scenario draws for hash policies.</summary>
    public const int DefaultKeyCount = 10_000;

    public required ClusterConfig Cluster { get; init; }

    public required ArrivalProcess Arrivals { get; init; }

    /// <summary>Behavior by destination name; destinations not listed behave as <see cref="DefaultBehavior"/>.</summary>
    public IReadOnlyDictionary<string, DestinationBehavior> Behaviors { get; init; } = new Dictionary<string, DestinationBehavior>();

    public DestinationBehavior DefaultBehavior { get; init; } = DestinationBehavior.Default;

    /// <summary>Arrivals to simulate; 0 means no limit (then <see cref="Duration"/> must be set).</summary>
    public long Requests { get; init; } = 100_000;

    public TimeSpan? Duration { get; init; }

    public KeyDistribution Keys { get; init; } = KeyDistribution.None;

    public IReadOnlyList<ScenarioEvent> Events { get; init; } = [];

    public int Seed { get; init; } = 1;

    /// <summary>
    /// The result counts requests slower than this (<see cref="SimulationResult.OverThreshold"/>); null means the
    /// cluster's <c>timeouts.request</c>, if any — what the proxy's clients would see cut off.
    /// </summary>
    public TimeSpan? LatencyThreshold { get; init; }

    /// <summary>The threshold the result reports against: <see cref="LatencyThreshold"/>, else the request timeout.</summary>
    public TimeSpan? EffectiveLatencyThreshold => LatencyThreshold ?? Cluster.Timeouts.Request;

    /// <summary>
    /// Fault injection: sees every pick (the real balancer's choice, and the balancer) and returns the backend the
    /// request goes to instead — one of <see cref="Balancing.ClusterBalancer.Backends"/>. Null (the default) keeps
    /// the real pick. It rehearses a picker bug or a stuck hash key end to end: the fairness monitor and the alert
    /// engine fed from the run must name the destination it favors.
    /// </summary>
    public Func<Balancing.Backend, Balancing.ClusterBalancer, Balancing.Backend>? PickFault { get; init; }

    /// <summary>Record which destination each key went to, per phase between events (for disruption measurements).</summary>
    public bool RecordKeyAssignments { get; init; }

    public DestinationBehavior BehaviorOf(string destination) =>
        Behaviors.TryGetValue(destination, out var behavior) ? behavior : DefaultBehavior;

    /// <summary>
    /// The scenario `fulcrum simulate -c FILE` runs for each cluster: Poisson arrivals at 70 % of the total
    /// capacity of the destinations that take traffic (weight above zero). A destination with a declared
    /// capacity C is modelled as 10 servers with exponential service of mean 10/C seconds (so it sustains C
    /// req/s); one without is 10 servers at 10 ms (1000 req/s). Hash policies get keys uniform over 10,000.
    /// </summary>
    public static SimulationScenario Default(ClusterConfig cluster, int requests, int seed)
    {
        var behaviors = new Dictionary<string, DestinationBehavior>(StringComparer.Ordinal);
        var capacity = 0.0;
        foreach (var destination in cluster.Destinations)
        {
            var behavior = destination.Capacity is { } declared and > 0
                ? DestinationBehavior.ForCapacity(declared)
                : DestinationBehavior.Default;
            behaviors[destination.Name] = behavior;
            if (destination.Weight > 0)
            {
                capacity += behavior.Throughput ?? 0;
            }
        }
        if (capacity <= 0)
        {
            capacity = DestinationBehavior.Default.Throughput!.Value; // every weight is 0: panic mode still serves
        }
        return new SimulationScenario
        {
            Cluster = cluster,
            Arrivals = ArrivalProcess.Poisson(DefaultLoad * capacity),
            Behaviors = behaviors,
            Requests = requests,
            Keys = Policies.IsHashing(cluster.Policy) ? KeyDistribution.Uniform(DefaultKeyCount) : KeyDistribution.None,
            Seed = seed,
        };
    }

    /// <summary>Total throughput of the destinations with weight above zero (null if any is unlimited).</summary>
    public double? TotalCapacity()
    {
        var total = 0.0;
        foreach (var destination in Cluster.Destinations)
        {
            if (destination.Weight == 0)
            {
                continue;
            }
            if (BehaviorOf(destination.Name).Throughput is not { } throughput)
            {
                return null;
            }
            total += throughput;
        }
        return total;
    }
}
