namespace Fulcrum.Core.Alerting;

/// <summary>
/// An alert changed state (for the journal and logs). <see cref="From"/> is null when the alert was just raised;
/// <see cref="To"/> is null when a pending alert was withdrawn because its condition cleared before it fired.
/// </summary>
public sealed record AlertTransition(Alert Alert, AlertState? From, AlertState? To, DateTimeOffset Time);
