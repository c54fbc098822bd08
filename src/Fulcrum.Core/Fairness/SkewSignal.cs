namespace Fulcrum.Core.Fairness;

/// <summary>Which of DESIGN.md's fairness signals found the skew.</summary>
public enum SkewSignal
{
    /// <summary>Request shares differ from the expected split (relative deviation and chi-square).</summary>
    Share,
    /// <summary>A destination at or above its fair share has far worse errors or p99 than its peers.</summary>
    Overload,
    /// <summary>Least-requests and power-of-two: time-averaged in-flight per unit weight, max over mean.</summary>
    InFlight,
    /// <summary>Peak-ewma: a favored destination's cost (latency × (in-flight + 1) per weight) over the mean cost.</summary>
    Cost,
    /// <summary>Hashing with a balance-factor: a destination's in-flight over its bounded-load cap.</summary>
    BoundedLoad,
}

public static class SkewSignals
{
    /// <summary>The API/alert spelling: share, overload, inflight, cost, bounded-load.</summary>
    public static string Name(SkewSignal signal) => signal switch
    {
        SkewSignal.Share => "share",
        SkewSignal.Overload => "overload",
        SkewSignal.InFlight => "inflight",
        SkewSignal.Cost => "cost",
        SkewSignal.BoundedLoad => "bounded-load",
        _ => throw new ArgumentOutOfRangeException(nameof(signal)),
    };
}
