using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Receivers;

/// <summary>
/// Sends alerts to a Prometheus Alertmanager (v2 API, <c>POST {base}/api/v2/alerts</c>), which then does its own
/// routing, grouping, silencing and paging. Labels (identity in Alertmanager, so they never change during an
/// alert's life): alertname, cluster, destination, severity, service="fulcrum", instance, alert_id. Annotations:
/// summary, description, cause, dashboard, acknowledged. Active alerts are re-posted every
/// <see cref="ReceiverOptions.ResendInterval"/> until resolved (see there why).
/// </summary>
internal sealed class AlertmanagerReceiver : IAlertReceiver, IAsyncDisposable
{
    private const int KeepAliveFactor = 4;

    private readonly HttpClient http;
    private readonly TimeProvider time;
    private readonly ReceiverOptions options;
    private readonly ILogger? logger;
    private readonly Uri alertsUrl;
    private readonly ConcurrentDictionary<string, AlertNotification> active = new(StringComparer.Ordinal);
    // One post at a time: a keep-alive of the firing state must never land after the resolve.
    private readonly SemaphoreSlim postLock = new(1, 1);
    private readonly ITimer resendTimer;

    public AlertmanagerReceiver(string name, Uri baseUrl, HttpClient http, TimeProvider time, ReceiverOptions? options = null, ILogger? logger = null)
    {
        Name = name;
        this.http = http;
        this.time = time;
        this.options = options ?? new ReceiverOptions();
        this.logger = logger;
        alertsUrl = new Uri(baseUrl.ToString().TrimEnd('/') + "/api/v2/alerts");
        resendTimer = time.CreateTimer(_ => _ = ResendActiveAsync(), null, this.options.ResendInterval, this.options.ResendInterval);
    }

    public string Name { get; }

    public string Kind => "alertmanager";

    /// <summary>Alert ids currently kept alive in Alertmanager.</summary>
    public IReadOnlyCollection<string> ActiveAlertIds => active.Keys.ToArray();

    /// <summary>Severity label by alert name: losing destinations pages, skew and slowness warn.</summary>
    public static string SeverityOf(string alertName) =>
        alertName is "destination-down" or "all-ejected" ? "critical" : "warning";

    public async Task SendAsync(AlertNotification notification, CancellationToken ct)
    {
        // Alertmanager groups by itself: a Fulcrum group is posted as its alerts, each with its own labels.
        var alerts = Expand(notification);
        // Remember before posting: even if this post fails, the keep-alive keeps trying a firing alert.
        foreach (var alert in alerts)
        {
            if (alert.State == NotificationState.Resolved)
            {
                active.TryRemove(alert.AlertId, out _);
            }
            else
            {
                active[alert.AlertId] = alert;
            }
        }
        await PostAsync(alerts, ct).ConfigureAwait(false);
    }

    private static AlertNotification[] Expand(AlertNotification n) => n.Members.Count <= 1
        ? [n]
        : [.. n.Members.Select(m => n with
        {
            AlertId = m.Id,
            AlertName = m.Name,
            Destination = m.Destination,
            State = m.State == "resolved" ? NotificationState.Resolved : n.State,
            Since = m.Since,
            Summary = m.Summary,
            RunbookUrl = m.RunbookUrl,
            Members = [],
        })];

    public async ValueTask DisposeAsync()
    {
        await resendTimer.DisposeAsync().ConfigureAwait(false);
    }

    internal AlertmanagerAlert ToAlert(AlertNotification n, DateTimeOffset now)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = n.AlertName,
            ["cluster"] = n.Cluster,
            ["severity"] = SeverityOf(n.AlertName),
            ["service"] = "fulcrum",
            ["instance"] = options.Instance,
            ["alert_id"] = n.AlertId,
        };
        if (n.Destination is not null)
        {
            labels["destination"] = n.Destination;
        }
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = n.Summary,
            ["description"] = $"{n.AlertName} on {n.Scope} is {n.StateName} since {n.Since:u} (escalation tier {n.Tier}).",
        };
        if (n.Cause is not null)
        {
            annotations["cause"] = n.Cause;
        }
        if (n.RunbookUrl is not null)
        {
            annotations["runbook_url"] = n.RunbookUrl;
        }
        if (n.DashboardUrl is not null)
        {
            annotations["dashboard"] = n.DashboardUrl.ToString();
        }
        if (n.State == NotificationState.Acknowledged)
        {
            annotations["acknowledged"] = "true";
        }
        var endsAt = n.State == NotificationState.Resolved
            ? n.EndsAt ?? now
            : now + KeepAliveFactor * options.ResendInterval;
        return new AlertmanagerAlert(labels, annotations, n.StartsAt, endsAt, n.DashboardUrl?.ToString());
    }

    private async Task PostAsync(IReadOnlyList<AlertNotification> notifications, CancellationToken ct)
    {
        await postLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await PostLockedAsync(notifications, ct).ConfigureAwait(false);
        }
        finally
        {
            postLock.Release();
        }
    }

    private Task PostLockedAsync(IReadOnlyList<AlertNotification> notifications, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var alerts = notifications.Select(n => ToAlert(n, now)).ToArray();
        var content = JsonContent.Create(alerts, ReceiverJson.Default.AlertmanagerAlertArray);
        return HttpJsonPoster.PostAsync(http, alertsUrl, content, options.Timeout, time, Name, ct);
    }

    private async Task ResendActiveAsync()
    {
        await postLock.WaitAsync().ConfigureAwait(false);
        try
        {
            // Snapshot under the lock: an alert resolved meanwhile is already gone and is not revived.
            var snapshot = active.Values.ToArray();
            if (snapshot.Length > 0)
            {
                await PostLockedAsync(snapshot, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (AlertDeliveryException ex)
        {
            // The next tick tries again; alerts stay active in Alertmanager until their endsAt anyway.
            logger?.LogWarning("receiver {Name}: keep-alive failed: {Error}", Name, ex.Message);
        }
        finally
        {
            postLock.Release();
        }
    }
}
