using Fulcrum.Journal;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Tests.Incidents;

/// <summary>
/// Writes the story of DESIGN.md into a real journal: an earlier small incident, then a forced config change that
/// favors backend a, an imbalance alert naming it, notifications (one failed), an ack, a rollback, the resolve.
/// </summary>
internal static class ScriptedIncident
{
    public static readonly DateTimeOffset Day = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    public const string Diff = "  clusters.web.destinations.a.weight:\n-   1\n+   4";

    public static void Write(EventJournal journal, FakeTimeProvider time)
    {
        At(time, "08:00:00");
        journal.Append(JournalEvent.Create(EventKinds.ProcessStarted, "fulcrum 1.0 started, config #1"));
        At(time, "09:00:00");
        journal.Append(JournalEvent.Create(EventKinds.ConfigApplied, "timeouts.request 30s→10s", "api"));
        At(time, "10:00:00");
        journal.Append(Alert(EventKinds.AlertFiring, "B0", "error-rate", "api", null, new AlertEventDetails("error-rate", Requests: 50, Errors: 5)));
        At(time, "10:05:00");
        journal.Append(Alert(EventKinds.AlertResolved, "B0", "error-rate", "api", null, new AlertEventDetails("error-rate")));

        At(time, "19:03:12");
        journal.Append(JournalEvent.Create(EventKinds.ConfigForced, "applied past 1 error-level finding", "web", details: "FUL003 error: weight 4 sends 67 % to a"));
        journal.Append(JournalEvent.Create(EventKinds.ConfigApplied, "weights a 1→4 (forced past audit)", "web", details: Diff));
        At(time, "19:04:00");
        var cause = new AlertEventDetails("imbalance", Cause: "config.applied at 19:03:12Z: weights a 1→4 (forced past audit)",
            Signal: "overload", Requests: 1200, Errors: 240, ErrorRate: 0.2);
        journal.Append(Alert(EventKinds.AlertPending, "A1", "imbalance", "web", "a", cause));
        At(time, "19:04:30");
        journal.Append(Alert(EventKinds.AlertFiring, "A1", "imbalance", "web", "a", cause));
        At(time, "19:04:31");
        journal.Append(JournalEvent.Create(EventKinds.NotificationSent, "firing imbalance sent to oncall (webhook)", "web", "a", alertId: "A1"));
        At(time, "19:19:30");
        journal.Append(JournalEvent.Create(EventKinds.NotificationFailed, "firing imbalance NOT delivered to lead (5 attempts): 503", "web", "a", alertId: "A1"));
        At(time, "19:21:00");
        journal.Append(Alert(EventKinds.AlertAcknowledged, "A1", "imbalance", "web", "a", null));
        At(time, "19:38:00");
        journal.Append(JournalEvent.Create(EventKinds.ConfigRollback, "back to config #1 (weights a 4→1)", "web", details: "  clusters.web.destinations.a.weight:\n-   4\n+   1"));
        At(time, "19:40:00");
        journal.Append(Alert(EventKinds.AlertResolved, "A1", "imbalance", "web", "a", new AlertEventDetails("imbalance")));
        At(time, "19:40:01");
        journal.Append(JournalEvent.Create(EventKinds.NotificationSent, "resolved imbalance sent to oncall (webhook)", "web", "a", alertId: "A1"));
        At(time, "21:00:00");
        journal.Append(JournalEvent.Create(EventKinds.HealthChanged, "b unhealthy (3 failed checks)", "web", "b"));
    }

    public static DateTimeOffset T(string clock) => Day + TimeSpan.Parse(clock, System.Globalization.CultureInfo.InvariantCulture);

    private static void At(FakeTimeProvider time, string clock) => time.SetUtcNow(T(clock));

    public static JournalEvent Alert(string kind, string id, string name, string cluster, string? destination, AlertEventDetails? details) =>
        JournalEvent.Create(kind, $"{name} {kind[6..]}", cluster, destination, details?.ToJson(), id);
}
