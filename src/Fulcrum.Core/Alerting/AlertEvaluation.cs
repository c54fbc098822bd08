namespace Fulcrum.Core.Alerting;

/// <summary>What one <see cref="AlertEngine.Evaluate"/> changed: state transitions to journal, notifications to send.</summary>
public sealed record AlertEvaluation(IReadOnlyList<AlertTransition> Transitions, IReadOnlyList<AlertNotification> Notifications)
{
    public static AlertEvaluation Empty { get; } = new([], []);

    public bool IsEmpty => Transitions.Count == 0 && Notifications.Count == 0;
}
