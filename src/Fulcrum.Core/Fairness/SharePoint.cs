namespace Fulcrum.Core.Fairness;

/// <summary>
/// One point of a cluster's share history (dashboard chart): each destination's actual, expected and fair share then.
/// <see cref="WindowRequests"/> is the number of requests in the window at that time: 0 means the cluster was idle,
/// so its shares say nothing (the dashboard draws a gap, not 0 %).
/// </summary>
public sealed record SharePoint(DateTimeOffset Time, IReadOnlyList<DestinationSharePoint> Destinations)
{
    public long WindowRequests { get; init; }
}

/// <summary>A destination's shares at one history point; <see cref="Fair"/> is its fair share then (what the policy promises).</summary>
public sealed record DestinationSharePoint(string Name, double Actual, double Expected)
{
    public double Fair { get; init; }
}
