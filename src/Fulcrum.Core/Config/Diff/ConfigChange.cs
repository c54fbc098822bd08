namespace Fulcrum.Core.Config;

public enum ConfigChangeKind
{
    /// <summary>A setting's value changed (including set from or to "none").</summary>
    Changed,

    /// <summary>A named thing appeared: a route, cluster, destination, receiver or escalation tier.</summary>
    Added,

    /// <summary>A named thing disappeared.</summary>
    Removed,

    /// <summary>The same destinations in a different order (first-available depends on it).</summary>
    Reordered,
}

/// <summary>
/// One readable difference between two configs. <see cref="Path"/> names routes and clusters by name
/// (<c>clusters.web.destinations.a.weight</c>, <c>routes.api.cluster</c>); <see cref="Description"/>
/// is the line to show: <c>clusters.web.destinations.a.weight: 1 → 4</c>, <c>clusters.web: destination d added</c>.
/// </summary>
public sealed record ConfigChange(ConfigChangeKind Kind, string Path, string? Old, string? New, string Description)
{
    public override string ToString() => Description;
}
