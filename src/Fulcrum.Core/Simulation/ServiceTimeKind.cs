namespace Fulcrum.Core.Simulation;

/// <summary>Shape of a destination's service-time distribution.</summary>
public enum ServiceTimeKind
{
    /// <summary>Every request takes exactly the mean.</summary>
    Constant,

    /// <summary>Memoryless (the classic M/M/K server); the coefficient of variation is 1.</summary>
    Exponential,

    /// <summary>Heavy right tail like real services; the spread is set by sigma (of the underlying normal).</summary>
    LogNormal,
}
