namespace Fulcrum.Core.Balancing;

/// <summary>What happened to a cluster's balancing state, for the journal and the admin API.</summary>
public enum BalancerEventKind
{
    /// <summary>Passive outlier detection took a destination out; <see cref="BalancerEvent.Duration"/> says for how long.</summary>
    Ejected,

    /// <summary>An ejection ran out and the destination is back (through slow start when configured).</summary>
    Returned,

    /// <summary>An active health check changed its verdict.</summary>
    HealthChanged,

    /// <summary>No destination is eligible: traffic is spread over all of them.</summary>
    PanicEntered,

    PanicExited,

    /// <summary>A destination reached the failure threshold but max-ejected-percent forbade ejecting it.</summary>
    EjectionSkippedByCap,

    /// <summary>A destination became eligible and ramps up over the slow-start window.</summary>
    SlowStartBegan,
}

/// <summary>
/// One balancing event. <see cref="AtTicks"/> is the driver's monotonic time (virtual in the simulator),
/// <see cref="At"/> the wall clock of the balancer's <see cref="TimeProvider"/>. <see cref="Count"/> is the
/// ejection count (Ejected), the failure streak (EjectionSkippedByCap) or the number of eligible destinations
/// (panic events).
/// </summary>
public sealed record BalancerEvent(
    BalancerEventKind Kind,
    string Cluster,
    string? Destination,
    long AtTicks,
    DateTimeOffset At,
    string Detail,
    TimeSpan? Duration = null,
    int? Count = null);
