namespace Fulcrum.Receivers;

/// <summary>
/// One message to one receiver about one alert, produced by the escalation logic and handed to
/// <see cref="NotificationDispatcher.TryEnqueue"/>.
/// </summary>
/// <param name="AlertId">The alert's id, as in <c>GET /api/alerts</c> and <c>fulcrum ack ID</c>.</param>
/// <param name="AlertName">imbalance, error-rate, latency-p99, destination-down, all-ejected.</param>
/// <param name="Cluster">The cluster the alert is about.</param>
/// <param name="Destination">The destination it names; null for a cluster-wide alert.</param>
/// <param name="State">Firing, acknowledged or resolved: what this notification tells.</param>
/// <param name="Since">When the alert entered <paramref name="State"/>.</param>
/// <param name="Summary">One line: what is wrong, with the numbers.</param>
/// <param name="Cause">The likely cause, e.g. the config change before the alert; null when none is known.</param>
/// <param name="Tier">Index of the escalation tier that sent this (0 = the first).</param>
/// <param name="ReceiverName">The receiver's name in <c>alerts.receivers</c>.</param>
/// <param name="StartsAt">When the alert started firing.</param>
/// <param name="EndsAt">When it was resolved; null while it is active.</param>
/// <param name="DashboardUrl">Where a human sees it; null when the admin address is unknown.</param>
internal sealed record AlertNotification(
    string AlertId,
    string AlertName,
    string Cluster,
    string? Destination,
    NotificationState State,
    DateTimeOffset Since,
    string Summary,
    string? Cause,
    int Tier,
    string ReceiverName,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    Uri? DashboardUrl)
{
    /// <summary>Where the alert's runbook is (<c>alerts.runbook-base</c>); null only for notifications built without one.</summary>
    public string? RunbookUrl { get; init; }

    /// <summary>The group this notification stands for ("web/0/oncall": cluster, tier, receiver); null for one alert alone.</summary>
    public string? GroupKey { get; init; }

    /// <summary>
    /// Every alert of the group, this one (the first to fire) first. Empty for a notification about one alert
    /// alone (an acknowledgement).
    /// </summary>
    public IReadOnlyList<GroupMember> Members { get; init; } = [];

    /// <summary>"firing", "acknowledged", "resolved" — the spelling used in JSON bodies and the journal.</summary>
    public string StateName => NameOf(State);

    /// <summary>"web/a" or "web".</summary>
    public string Scope => Destination is null ? Cluster : $"{Cluster}/{Destination}";

    /// <summary>A one-line human text: "[FIRING] imbalance web/a: a gets 61 % of requests, expected 33 %".</summary>
    public string Headline => Members.Count > 1
        ? $"[{StateName.ToUpperInvariant()}] {AlertName} {Scope}: {Summary} (+{Members.Count - 1} more on {Cluster}: {string.Join(", ", Members.Skip(1).Select(m => m.Label))})"
        : $"[{StateName.ToUpperInvariant()}] {AlertName} {Scope}: {Summary}";

    internal static string NameOf(NotificationState state) => state switch
    {
        NotificationState.Firing => "firing",
        NotificationState.Acknowledged => "acknowledged",
        _ => "resolved",
    };
}

/// <summary>One alert of a grouped notification (documented in docs/receivers.md as <c>alerts[]</c>).</summary>
internal sealed record GroupMember(
    string Id,
    string Name,
    string? Destination,
    string State,
    DateTimeOffset Since,
    string Summary,
    string? RunbookUrl)
{
    /// <summary>"error-rate web/a".</summary>
    public string Label => Destination is null ? Name : $"{Name} {Destination}";
}
