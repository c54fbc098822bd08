namespace Fulcrum.Receivers;

/// <summary>The details JSON of notification.sent / notification.failed journal events.</summary>
internal sealed record NotificationOutcome(
    string Receiver,
    string ReceiverKind,
    string State,
    int Tier,
    int Attempts,
    IReadOnlyList<string> Errors);
