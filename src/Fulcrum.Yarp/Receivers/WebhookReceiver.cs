using System.Net.Http.Json;

namespace Fulcrum.Receivers;

/// <summary>
/// POSTs the JSON body of docs/receivers.md to a URL. One attempt per <see cref="SendAsync"/>, bounded by
/// <c>timeout</c>; an <c>Idempotency-Key</c> header (alert id, state, tier) lets the receiver drop the duplicate
/// a retry after a lost answer can cause.
/// </summary>
internal sealed class WebhookReceiver(string name, Uri url, HttpClient http, TimeProvider time, TimeSpan? timeout = null) : IAlertReceiver
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public string Name { get; } = name;

    public string Kind => "webhook";

    public Uri Url { get; } = url;

    public Task SendAsync(AlertNotification notification, CancellationToken ct)
    {
        var content = JsonContent.Create(WebhookPayload.From(notification), ReceiverJson.Default.WebhookPayload);
        // Retries of one notification share the key; a group's later update (more alerts) is a new notification.
        var key = notification.GroupKey is { } group
            ? $"{group}:{notification.StateName}:{notification.AlertId}:{notification.Members.Count}"
            : $"{notification.AlertId}:{notification.StateName}:{notification.Tier}";
        return HttpJsonPoster.PostAsync(http, Url, content, timeout ?? DefaultTimeout, time, Name, ct, key);
    }
}
