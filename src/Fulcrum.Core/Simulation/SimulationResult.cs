using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// The outcome of one simulation run. <see cref="Duration"/> is virtual time from the start to the last
/// arrival (the span the rates and time-averaged in-flight counts are measured over).
/// </summary>
public sealed record SimulationResult
{
    public required string Cluster { get; init; }

    public required PolicyKind Policy { get; init; }

    /// <summary>The policy's name as configured: an app's own policy (<c>AddFulcrumPolicy</c>) by its name, not the built-in it is judged as.</summary>
    public string PolicyName
    {
        get => _policyName ?? Policies.Name(Policy);
        init => _policyName = value;
    }

    private readonly string? _policyName;

    public required int Seed { get; init; }

    public required double ArrivalRate { get; init; }

    public required TimeSpan Duration { get; init; }

    public required long Requests { get; init; }

    public required long Errors { get; init; }

    public required long Rejections { get; init; }

    public required TimeSpan P50 { get; init; }

    public required TimeSpan P99 { get; init; }

    public required TimeSpan P999 { get; init; }

    /// <summary>Requests cut off by the cluster's <c>timeouts.request</c> (504s; counted in <see cref="Errors"/> too).</summary>
    public long TimedOut { get; init; }

    /// <summary>The latency threshold reported against (<see cref="SimulationScenario.EffectiveLatencyThreshold"/>), if any.</summary>
    public TimeSpan? LatencyThreshold { get; init; }

    /// <summary>Requests answered (or cut off) at or after <see cref="LatencyThreshold"/>; 0 without one.</summary>
    public long OverThreshold { get; init; }

    /// <summary><see cref="OverThreshold"/> over the requests answered; 0 without requests.</summary>
    public double OverThresholdShare => Requests == 0 ? 0 : (double)OverThreshold / Requests;

    /// <summary>Every destination that was in the cluster at some point, in order of first appearance.</summary>
    public required IReadOnlyList<DestinationResult> Destinations { get; init; }

    /// <summary>The scenario events applied (those due before the last arrival), in order.</summary>
    public IReadOnlyList<ScenarioEvent> EventsApplied { get; init; } = [];

    /// <summary>Per-key assignments, one phase per span between applied events (empty unless asked for).</summary>
    public IReadOnlyList<KeyAssignmentPhase> KeyPhases { get; init; } = [];

    /// <summary>
    /// What the balancer itself did (ejections, returns, slow starts, panic), at most
    /// 1,000; <see cref="BalancerEventsDropped"/> counts the rest.
    /// <see cref="BalancerEvent.AtTicks"/> is virtual monotonic time: subtract <see cref="VirtualTimeProvider.OriginTicks"/>.
    /// </summary>
    public IReadOnlyList<BalancerEvent> BalancerEvents { get; init; } = [];

    public long BalancerEventsDropped { get; init; }

    public DestinationResult this[string destination] =>
        Find(destination) ?? throw new KeyNotFoundException($"no destination '{destination}' in the result");

    public DestinationResult? Find(string destination)
    {
        foreach (var result in Destinations)
        {
            if (result.Name == destination)
            {
                return result;
            }
        }
        return null;
    }
}
