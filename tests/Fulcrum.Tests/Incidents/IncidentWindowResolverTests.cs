using Fulcrum.Incidents;
using Fulcrum.Journal;
using Fulcrum.Tests.Journal;
using Microsoft.Extensions.Time.Testing;
using static Fulcrum.Tests.Incidents.ScriptedIncident;

namespace Fulcrum.Tests.Incidents;

public sealed class IncidentWindowResolverTests : IDisposable
{
    private readonly TempJournalDir dir = new();
    private readonly FakeTimeProvider time = new(Day);
    private readonly EventJournal journal;

    public IncidentWindowResolverTests()
    {
        journal = new EventJournal(dir.DbPath, time);
    }

    public void Dispose()
    {
        journal.Dispose();
        dir.Dispose();
    }

    [Fact]
    public async Task Without_bounds_the_latest_incident_is_taken_from_the_config_change_before_it_to_just_after_its_resolve()
    {
        ScriptedIncident.Write(journal, time);

        var window = await IncidentWindowResolver.ResolveAsync(journal, null, null, T("22:00:00"));

        Assert.Equal(T("19:03:12"), window.Start);
        Assert.Equal(T("19:42:00"), window.End);
        Assert.Equal(
            "from the config change (config.applied) at 2026-11-24 19:03:12Z in force when the first firing alert triggered (imbalance on web/a at "
            + "2026-11-24 19:04:00Z) to 2 min after the last alert resolved at 2026-11-24 19:40:00Z",
            window.Reason);
    }

    [Fact]
    public async Task Until_picks_the_incident_before_it()
    {
        ScriptedIncident.Write(journal, time);

        var window = await IncidentWindowResolver.ResolveAsync(journal, null, T("12:00:00"), T("22:00:00"));

        Assert.Equal((T("09:00:00"), T("10:07:00")), (window.Start, window.End));
    }

    [Fact]
    public async Task Given_bounds_win()
    {
        Assert.Equal((T("01:00:00"), T("02:00:00")), Span(await IncidentWindowResolver.ResolveAsync(journal, T("01:00:00"), T("02:00:00"), T("22:00:00"))));
        Assert.Equal((T("01:00:00"), T("22:00:00")), Span(await IncidentWindowResolver.ResolveAsync(journal, T("01:00:00"), null, T("22:00:00"))));
    }

    [Fact]
    public async Task An_alert_still_open_runs_the_window_to_now_and_overlapping_alerts_are_one_incident()
    {
        time.SetUtcNow(T("12:00:00"));
        journal.Append(JournalEvent.Create(EventKinds.AlertFiring, "x", "web", alertId: "X1"));
        time.SetUtcNow(T("12:30:00"));
        journal.Append(JournalEvent.Create(EventKinds.AlertFiring, "y", "web", alertId: "Y1"));
        time.SetUtcNow(T("12:35:00"));
        journal.Append(JournalEvent.Create(EventKinds.AlertResolved, "y", "web", alertId: "Y1"));

        var window = await IncidentWindowResolver.ResolveAsync(journal, null, null, T("13:00:00"));

        Assert.Equal((T("12:00:00"), T("13:00:00")), Span(window));
        Assert.EndsWith("to the end, an alert still being open", window.Reason);
    }

    [Fact]
    public async Task A_config_change_older_than_the_cause_lookback_does_not_stretch_the_window()
    {
        time.SetUtcNow(T("01:00:00"));
        journal.Append(JournalEvent.Create(EventKinds.ConfigApplied, "long ago", "web"));
        time.SetUtcNow(T("12:00:00"));
        journal.Append(JournalEvent.Create(EventKinds.AlertFiring, "x", "web", alertId: "X1"));
        journal.Append(JournalEvent.Create(EventKinds.AlertResolved, "x", "web", alertId: "X1", time: T("12:10:00")));

        var window = await IncidentWindowResolver.ResolveAsync(journal, null, null, T("13:00:00"));

        Assert.Equal((T("12:00:00"), T("12:12:00")), Span(window));
        Assert.StartsWith("from the first firing alert's trigger (alert on web at 2026-11-24 12:00:00Z)", window.Reason);
    }

    [Fact]
    public async Task A_forced_change_opens_the_window_at_its_note_stamped_just_before_it()
    {
        time.SetUtcNow(T("12:00:00"));
        journal.Append(JournalEvent.Create(EventKinds.ConfigForced, "config forced past the audit by ops-team (admin token)"));
        time.SetUtcNow(T("12:00:00").AddMilliseconds(1));
        journal.Append(JournalEvent.Create(EventKinds.ConfigApplied, "config applied (POST /api/config): a 1 → 3 (FORCED …)"));
        time.SetUtcNow(T("12:00:40"));
        journal.Append(JournalEvent.Create(EventKinds.AlertPending, "x", "web", alertId: "X1"));
        journal.Append(JournalEvent.Create(EventKinds.AlertFiring, "x", "web", alertId: "X1", time: T("12:01:10")));

        var window = await IncidentWindowResolver.ResolveAsync(journal, null, null, T("13:00:00"));

        Assert.Equal(T("12:00:00"), window.Start);
        Assert.Contains(await new TimelineBuilder(journal).BuildAsync(window), e => e.Kind == EventKinds.ConfigForced);
    }

    [Fact]
    public async Task A_pending_alert_that_never_fired_makes_no_incident()
    {
        time.SetUtcNow(T("12:00:00"));
        journal.Append(JournalEvent.Create(EventKinds.AlertPending, "x", "web", alertId: "X1"));
        journal.Append(JournalEvent.Create(EventKinds.AlertResolved, "x", "web", alertId: "X1", time: T("12:00:20")));

        var window = await IncidentWindowResolver.ResolveAsync(journal, null, null, T("13:00:00"));

        Assert.Equal((T("12:00:00"), T("13:00:00")), Span(window));
        Assert.Contains("no alert fired", window.Reason);
    }

    [Fact]
    public async Task With_no_alert_at_all_the_window_is_the_last_hour()
    {
        var window = await IncidentWindowResolver.ResolveAsync(journal, null, null, T("13:00:00"));

        Assert.Equal((T("12:00:00"), T("13:00:00")), Span(window));
        Assert.Contains("no alert fired", window.Reason);
    }

    private static (DateTimeOffset, DateTimeOffset) Span(IncidentWindow window) => (window.Start, window.End);
}
