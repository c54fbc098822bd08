using Fulcrum.Incidents;
using Fulcrum.Journal;
using Fulcrum.Tests.Journal;
using Microsoft.Extensions.Time.Testing;
using static Fulcrum.Tests.Incidents.ScriptedIncident;

namespace Fulcrum.Tests.Incidents;

public sealed class TimelineBuilderTests : IDisposable
{
    private readonly TempJournalDir dir = new();
    private readonly FakeTimeProvider time = new(Day);

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task The_incident_timeline_lists_the_story_in_order_as_readable_lines()
    {
        using var journal = new EventJournal(dir.DbPath, time);
        ScriptedIncident.Write(journal, time);
        var window = await IncidentWindowResolver.ResolveAsync(journal, null, null, T("22:00:00"));

        var entries = await new TimelineBuilder(journal).BuildAsync(window);

        Assert.Equal(
            [
                "config.forced", "config.applied", "alert.pending", "alert.firing", "notification.sent", "notification.failed",
                "alert.acknowledged", "config.rollback", "alert.resolved", "notification.sent",
            ],
            entries.Select(e => e.Kind));
        Assert.Equal("2026-11-24 19:03:12Z  config.applied  web: weights a 1→4 (forced past audit)", entries[1].ToString());
        var lines = TimelineBuilder.Render(entries).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.Equal("2026-11-24 19:03:12Z  config.applied       web: weights a 1→4 (forced past audit)", lines[1]);
        Assert.Equal("2026-11-24 19:38:00Z  config.rollback      web: back to config #1 (weights a 4→1)", lines[7]);
        Assert.Equal("2026-11-24 19:40:00Z  alert.resolved       web/a: imbalance resolved", lines[8]);
    }

    [Fact]
    public async Task Events_written_out_of_time_order_come_out_in_time_order_and_details_can_be_shown()
    {
        using var journal = new EventJournal(dir.DbPath, time);
        journal.Append(JournalEvent.Create(EventKinds.HealthChanged, "late write", time: T("10:00:05")));
        journal.Append(JournalEvent.Create(EventKinds.ConfigApplied, "early write", "web", details: Diff, time: T("10:00:01")));

        var entries = await new TimelineBuilder(journal).BuildAsync(new IncidentWindow(T("10:00:00"), T("10:01:00"), "test"));
        var text = TimelineBuilder.Render(entries, withDetails: true);

        Assert.Equal(["early write", "late write"], entries.Select(e => e.Text));
        Assert.Equal(
            "2026-11-24 10:00:01Z  config.applied  web: early write\n"
            + "      clusters.web.destinations.a.weight:\n    -   1\n    +   4\n"
            + "2026-11-24 10:00:05Z  health.changed  late write\n",
            text);
    }
}
