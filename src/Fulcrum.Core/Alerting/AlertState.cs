namespace Fulcrum.Core.Alerting;

/// <summary>pending → firing → resolved; acknowledged is firing with an ack (escalation stopped).</summary>
public enum AlertState
{
    Pending,
    Firing,
    Acknowledged,
    Resolved,
}

public static class AlertStates
{
    /// <summary>The API spelling: pending, firing, acknowledged, resolved.</summary>
    public static string Name(AlertState state) => state switch
    {
        AlertState.Pending => "pending",
        AlertState.Firing => "firing",
        AlertState.Acknowledged => "acknowledged",
        AlertState.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
