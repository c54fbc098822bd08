namespace Fulcrum.Core.Fairness;

/// <summary>Which of DESIGN.md's fairness signals found the skew.</summary>
public enum SkewSignal
{
    /// <summary>Request shares differ from the expected split (relative deviation and chi-square).</summary>
    Share,
    /// <summary>A destination at or above its fair share has far worse errors or p99 than its peers.</summary>
    Overload,
    /// <summary>Load-aware policies: time-averaged in-flight per unit weight, max over mean.</summary>
    InFlight,
}

public static class SkewSignals
{
    /// <summary>The API/alert spelling: share, overload, inflight.</summary>
    public static string Name(SkewSignal signal) => signal switch
    {
        SkewSignal.Share => "share",
        SkewSignal.Overload => "overload",
        SkewSignal.InFlight => "inflight",
        _ => throw new ArgumentOutOfRangeException(nameof(signal)),
    };
}
