using Fulcrum.Receivers;

namespace Fulcrum.Tests.Receivers;

internal static class TestNotifications
{
    public static readonly DateTimeOffset FiredAt = new(2026, 11, 24, 19, 4, 0, TimeSpan.Zero);

    public static AlertNotification Firing(string receiver, string id = "A17", DateTimeOffset? startsAt = null) => new(
        AlertId: id,
        AlertName: "imbalance",
        Cluster: "web",
        Destination: "a",
        State: NotificationState.Firing,
        Since: startsAt ?? FiredAt,
        Summary: "a gets 61 % of requests, expected 33 %",
        Cause: "config.applied at 19:03:12Z: weights a 1→4",
        Tier: 0,
        ReceiverName: receiver,
        StartsAt: startsAt ?? FiredAt,
        EndsAt: null,
        DashboardUrl: new Uri("http://127.0.0.1:9901/#alert-" + id));

    public static AlertNotification Resolved(AlertNotification firing, DateTimeOffset endsAt) =>
        firing with { State = NotificationState.Resolved, Since = endsAt, EndsAt = endsAt };
}
