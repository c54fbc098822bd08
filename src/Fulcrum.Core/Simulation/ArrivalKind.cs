namespace Fulcrum.Core.Simulation;

/// <summary>How requests arrive (open loop: arrivals do not wait for responses).</summary>
public enum ArrivalKind
{
    /// <summary>Exponential gaps between arrivals: independent clients.</summary>
    Poisson,

    /// <summary>Exactly 1/rate between arrivals: a load generator.</summary>
    FixedRate,
}
