namespace Fulcrum.Core.Simulation;

/// <summary>What happens to a destination at a scenario event.</summary>
public enum ScenarioEventKind
{
    /// <summary>Service times are multiplied by the event's multiplier from now on (1 restores).</summary>
    Slowdown,

    /// <summary>Every new request fails at once (connection refused); requests already inside finish.</summary>
    Fail,

    /// <summary>Undoes fail and slowdown.</summary>
    Recover,

    /// <summary>A new destination joins the cluster (the balancer is rebuilt as on a config reload).</summary>
    Add,

    /// <summary>The destination leaves the cluster (reload); requests already sent to it finish.</summary>
    Remove,

    /// <summary>The destination's configured weight changes (reload).</summary>
    SetWeight,
}
