namespace Fulcrum.Core.Fairness;

/// <summary>
/// An immutable picture of one tracked cluster at <see cref="Time"/>: its verdict, Jain's index over
/// the policy's promised quantity (null without traffic), the number of requests in the window, panic mode (no eligible
/// destination), each destination, and the share history of the last minutes. <see cref="WindowErrors"/>,
/// <see cref="ErrorRate"/> and the latencies are over all the cluster's requests in the window.
/// <see cref="Promise"/> states what fair means for the cluster's policy, <see cref="PromisedQuantity"/> names
/// what the destinations' <see cref="DestinationSnapshot.Promised"/> values and <see cref="JainIndex"/> measure,
/// and <see cref="Advisory"/> reports a deviation the promise allows (a hot key on plain hashing) without alerting.
/// </summary>
public sealed record ClusterSnapshot(
    string Name,
    string Policy,
    DateTimeOffset Time,
    TimeSpan Window,
    ClusterVerdict Verdict,
    double? JainIndex,
    long WindowRequests,
    long WindowErrors,
    double? P50Ms,
    double? P99Ms,
    bool Panic,
    IReadOnlyList<DestinationSnapshot> Destinations,
    IReadOnlyList<SharePoint> History)
{
    public string Promise { get; init; } = "";

    public string PromisedQuantity { get; init; } = "";

    public string? Advisory { get; init; }

    public double ErrorRate => WindowRequests == 0 ? 0 : (double)WindowErrors / WindowRequests;

    public DestinationSnapshot? Find(string destination) =>
        Destinations.FirstOrDefault(d => string.Equals(d.Name, destination, StringComparison.Ordinal));
}
