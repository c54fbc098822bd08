namespace Fulcrum.Incidents;

/// <summary>Knobs of the automatic incident window (see <see cref="IncidentWindowResolver"/>).</summary>
internal sealed record IncidentWindowOptions
{
    /// <summary>How far back alerts are looked for.</summary>
    public TimeSpan Lookback { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Alerts that start within this of the previous ones ending belong to the same incident.</summary>
    public TimeSpan MergeGap { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A config change at most this long before the first alert opens the window (it is the prime suspect).</summary>
    public TimeSpan CauseLookback { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Kept after the last resolve, so the resolved notifications are in.</summary>
    public TimeSpan TrailingPad { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The window when the journal holds no alert at all: this long before the end.</summary>
    public TimeSpan NoAlertWindow { get; init; } = TimeSpan.FromHours(1);
}
