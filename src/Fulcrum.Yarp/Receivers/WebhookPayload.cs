namespace Fulcrum.Receivers;

/// <summary>
/// The JSON body a webhook receiver gets (documented in docs/receivers.md). Field names are part of the
/// contract: add fields, never rename; <see cref="Version"/> changes only if a field's meaning changes.
/// </summary>
internal sealed record WebhookPayload(
    int Version,
    string Source,
    string Id,
    string Name,
    string Cluster,
    string? Destination,
    string State,
    DateTimeOffset Since,
    string Summary,
    string? Cause,
    int Tier,
    string Receiver,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string? DashboardUrl,
    string Text,
    string? RunbookUrl,
    string? GroupKey,
    IReadOnlyList<GroupMember> Alerts)
{
    public const int CurrentVersion = 1;

    public static WebhookPayload From(AlertNotification n) => new(
        CurrentVersion,
        "fulcrum",
        n.AlertId,
        n.AlertName,
        n.Cluster,
        n.Destination,
        n.StateName,
        n.Since,
        n.Summary,
        n.Cause,
        n.Tier,
        n.ReceiverName,
        n.StartsAt,
        n.EndsAt,
        n.DashboardUrl?.ToString(),
        n.Headline,
        n.RunbookUrl,
        n.GroupKey,
        n.Members);
}
