namespace Fulcrum.Core.Fairness;

/// <summary>One point of a cluster's share history (dashboard chart): each destination's actual and expected share then.</summary>
public sealed record SharePoint(DateTimeOffset Time, IReadOnlyList<DestinationSharePoint> Destinations);

public sealed record DestinationSharePoint(string Name, double Actual, double Expected);
