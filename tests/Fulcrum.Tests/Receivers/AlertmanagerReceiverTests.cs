using System.Text.Json;
using Fulcrum.Journal;
using Fulcrum.Receivers;
using Fulcrum.Tests.Journal;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Tests.Receivers;

public sealed class AlertmanagerReceiverTests(AlertmanagerProcess alertmanager) : IClassFixture<AlertmanagerProcess>
{
    [Fact]
    public async Task A_firing_alert_is_active_in_a_real_Alertmanager_and_gone_once_resolved()
    {
        await using var receiver = new AlertmanagerReceiver("management", alertmanager.BaseUrl, alertmanager.Http, TimeProvider.System);
        var firing = TestNotifications.Firing("management", "AM-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow.AddMinutes(-2));

        await receiver.SendAsync(firing, CancellationToken.None);

        JsonElement alert = default;
        await Eventually.TrueAsync(async () =>
        {
            var found = await FindAsync(firing.AlertId);
            alert = found ?? default;
            return found?.GetProperty("status").GetProperty("state").GetString() == "active";
        }, "the alert to be active in Alertmanager");
        var labels = alert.GetProperty("labels");
        Assert.Equal("imbalance", labels.GetProperty("alertname").GetString());
        Assert.Equal("web", labels.GetProperty("cluster").GetString());
        Assert.Equal("a", labels.GetProperty("destination").GetString());
        Assert.Equal("warning", labels.GetProperty("severity").GetString());
        Assert.Equal("fulcrum", labels.GetProperty("service").GetString());
        var annotations = alert.GetProperty("annotations");
        Assert.Equal(firing.Summary, annotations.GetProperty("summary").GetString());
        Assert.Equal(firing.Cause, annotations.GetProperty("cause").GetString());
        Assert.StartsWith("imbalance on web/a is firing since", annotations.GetProperty("description").GetString());
        Assert.Equal(firing.DashboardUrl!.ToString(), alert.GetProperty("generatorURL").GetString());
        Assert.Equal([firing.AlertId], receiver.ActiveAlertIds);

        await receiver.SendAsync(TestNotifications.Resolved(firing, DateTimeOffset.UtcNow), CancellationToken.None);

        await Eventually.TrueAsync(async () => await FindAsync(firing.AlertId) is null, "the alert to leave Alertmanager's active list");
        Assert.Empty(receiver.ActiveAlertIds);
    }

    [Fact]
    public async Task Active_alerts_are_posted_again_every_resend_interval_until_resolved()
    {
        await using var hook = await RecordingHookServer.StartAsync();
        using var http = new HttpClient();
        var fake = new FakeTimeProvider(TestNotifications.FiredAt);
        var options = new ReceiverOptions { ResendInterval = TimeSpan.FromMinutes(1), Instance = "lb-1" };
        await using var receiver = new AlertmanagerReceiver("management", hook.BaseUrl, http, fake, options);
        var first = TestNotifications.Firing("management", "A1");
        var second = TestNotifications.Firing("management", "A2");

        await receiver.SendAsync(first, CancellationToken.None);
        await receiver.SendAsync(second, CancellationToken.None);
        fake.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => hook.Calls == 3, "the first keep-alive post");
        await receiver.SendAsync(TestNotifications.Resolved(first, fake.GetUtcNow()), CancellationToken.None);
        fake.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => hook.Calls == 5, "the second keep-alive post");

        var posts = hook.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.EnumerateArray().ToList()).ToList();
        Assert.All(hook.Requests, r => Assert.Equal("/api/v2/alerts", r.Path));
        Assert.Equal(FiredAt(4), posts[0][0].GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal(["A1", "A2"], posts[2].Select(AlertId).Order());
        Assert.All(posts[2], a => Assert.Equal(FiredAt(5), a.GetProperty("endsAt").GetDateTimeOffset()));
        Assert.Equal(["A1"], posts[3].Select(AlertId));
        Assert.Equal(FiredAt(1), posts[3][0].GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal(["A2"], posts[4].Select(AlertId));
        Assert.Equal(FiredAt(6), posts[4][0].GetProperty("endsAt").GetDateTimeOffset());
        Assert.All(posts.SelectMany(p => p), a => Assert.Equal("lb-1", a.GetProperty("labels").GetProperty("instance").GetString()));
        Assert.All(posts.SelectMany(p => p), a => Assert.Equal(TestNotifications.FiredAt, a.GetProperty("startsAt").GetDateTimeOffset()));

        static DateTimeOffset FiredAt(int plusMinutes) => TestNotifications.FiredAt.AddMinutes(plusMinutes);
        static string AlertId(JsonElement alert) => alert.GetProperty("labels").GetProperty("alert_id").GetString()!;
    }

    [Fact]
    public async Task Through_the_dispatcher_a_firing_then_resolved_alert_reaches_Alertmanager_in_order_and_is_journaled()
    {
        using var dir = new TempJournalDir();
        await using var journal = new EventJournal(dir.DbPath, TimeProvider.System);
        var receiver = new AlertmanagerReceiver("management", alertmanager.BaseUrl, alertmanager.Http, TimeProvider.System);
        await using var dispatcher = new NotificationDispatcher([receiver], journal, TimeProvider.System);
        var firing = TestNotifications.Firing("management", "AM-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow);

        Assert.True(dispatcher.TryEnqueue(firing));
        await Eventually.TrueAsync(async () => await FindAsync(firing.AlertId) is not null, "the alert in Alertmanager");
        Assert.True(dispatcher.TryEnqueue(TestNotifications.Resolved(firing, DateTimeOffset.UtcNow)));
        await Eventually.TrueAsync(() => dispatcher.Sent == 2, "both notifications delivered");

        await Eventually.TrueAsync(async () => await FindAsync(firing.AlertId) is null, "the alert resolved in Alertmanager");
        Assert.Equal(
            ["firing imbalance sent to management (alertmanager)", "resolved imbalance sent to management (alertmanager)"],
            journal.Read(kinds: [EventKinds.NotificationSent]).Select(e => e.Summary));
    }

    [Fact]
    public void Losing_destinations_is_critical_and_skew_is_a_warning()
    {
        Assert.Equal("critical", AlertmanagerReceiver.SeverityOf("all-ejected"));
        Assert.Equal("critical", AlertmanagerReceiver.SeverityOf("destination-down"));
        Assert.Equal("warning", AlertmanagerReceiver.SeverityOf("imbalance"));
    }

    private async Task<JsonElement?> FindAsync(string alertId)
    {
        var json = await alertmanager.Http.GetStringAsync(new Uri(alertmanager.BaseUrl, "/api/v2/alerts"));
        foreach (var alert in JsonDocument.Parse(json).RootElement.EnumerateArray())
        {
            if (alert.GetProperty("labels").TryGetProperty("alert_id", out var id) && id.GetString() == alertId)
            {
                return alert.Clone();
            }
        }
        return null;
    }
}
