namespace Fulcrum.Receivers;

/// <summary>The alert state a notification announces (pending alerts are never notified).</summary>
internal enum NotificationState
{
    Firing,
    Acknowledged,
    Resolved,
}
