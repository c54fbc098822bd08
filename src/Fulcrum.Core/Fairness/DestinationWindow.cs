namespace Fulcrum.Core.Fairness;

/// <summary>
/// One destination's numbers over the window, the input of <see cref="FairnessJudge"/>.
/// <see cref="EffectiveWeight"/> is what the destination should get relative to the others, on the scale of w·r:
/// the current w·r when the config was steady over the window; weights, ramps and eligibility that moved during
/// it count for the requests that flowed while they held (see <see cref="WindowExpectation"/>); 0 when not eligible.
/// <see cref="MeanLatency"/> is the mean response time over the window (null without requests): peak-ewma's
/// promise (<see cref="EqualCostPromise"/>) is stated in latency × load.
/// </summary>
public sealed record DestinationWindow(
    string Name,
    int Weight,
    bool Eligible,
    double? Capacity,
    double EffectiveWeight,
    long Requests,
    long Failures,
    TimeSpan? P50,
    TimeSpan? P99,
    double? AverageInFlight,
    TimeSpan? MeanLatency = null)
{
    /// <summary>
    /// The same backend (by address) in the monitor's other clusters over their windows: requests and failures
    /// (0, 0 when it serves no other cluster, in the audit and in a fleet's sum). See <see cref="BackendBoard"/>.
    /// </summary>
    public (long Requests, long Failures) Elsewhere { get; init; }

    public double ErrorRate => Requests == 0 ? 0 : (double)Failures / Requests;
}
