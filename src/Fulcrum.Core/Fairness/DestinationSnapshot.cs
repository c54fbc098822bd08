namespace Fulcrum.Core.Fairness;

/// <summary>
/// One destination as the admin API and dashboard show it. Shares are fractions (0.33); <see cref="ActualShare"/>
/// is its part of all the cluster's requests in the window; <see cref="ExpectedShare"/> is what the policy's
/// promise expects (<see cref="PromiseReading.Expected"/>: the weight share, or for load-aware policies the share
/// that keeps their promise at the observed latencies); it and <see cref="FairShare"/> are 0 when it is not
/// eligible. <see cref="Promised"/> is its value of the promised quantity (<see cref="ClusterSnapshot.PromisedQuantity"/>). <see cref="InFlight"/> is the count now, <see cref="AverageInFlight"/> the
/// window's time average (null before the first sample). Latencies are null without requests.
/// </summary>
public sealed record DestinationSnapshot(
    string Name,
    int Weight,
    double Ramp,
    double? Capacity,
    bool Eligible,
    bool Healthy,
    bool Ejected,
    double ExpectedShare,
    double FairShare,
    double ActualShare,
    int InFlight,
    double? AverageInFlight,
    double? InFlightPerWeight,
    long Requests,
    long Errors,
    double ErrorRate,
    double? P50Ms,
    double? P99Ms)
{
    public double? Promised { get; init; }
}
