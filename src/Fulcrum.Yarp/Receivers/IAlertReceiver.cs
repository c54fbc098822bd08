namespace Fulcrum.Receivers;

/// <summary>
/// A place alerts are sent to. <see cref="SendAsync"/> makes ONE delivery attempt (bounded by the receiver's
/// timeout) and throws <see cref="AlertDeliveryException"/> when it fails; retrying with backoff is the
/// <see cref="NotificationDispatcher"/>'s job, so that retries are never stacked twice.
/// </summary>
internal interface IAlertReceiver
{
    /// <summary>The receiver's name in <c>alerts.receivers</c>.</summary>
    string Name { get; }

    /// <summary>"webhook", "alertmanager", … for messages and the journal.</summary>
    string Kind { get; }

    Task SendAsync(AlertNotification notification, CancellationToken ct);
}
