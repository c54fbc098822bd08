using Fulcrum.Journal;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Tests.Journal;

public sealed class ConfigHistoryTests : IDisposable
{
    private readonly TempJournalDir dir = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 24, 18, 0, 0, TimeSpan.Zero));

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Rollback_target_is_the_newest_earlier_config_that_served_cleanly()
    {
        using var journal = new EventJournal(dir.DbPath, time);
        var v1 = journal.RecordConfig("v1");
        journal.MarkConfigClean(v1);
        var v2 = journal.RecordConfig("v2");
        journal.MarkConfigClean(v2);
        var v3 = journal.RecordConfig("v3 (never served cleanly)");
        var v4 = journal.RecordConfig("v4 (bad)");

        Assert.Equal("v2", journal.LastCleanConfigBefore(v4));
        Assert.Equal("v1", journal.LastCleanConfigBefore(v2));
        Assert.Null(journal.LastCleanConfigBefore(v1));
        Assert.False(journal.GetConfig(v3)!.ServedCleanly);
        Assert.Equal(v4, journal.LatestConfig()!.Id);
    }

    [Fact]
    public void A_clean_config_with_the_same_text_as_the_current_one_is_skipped()
    {
        using var journal = new EventJournal(dir.DbPath, time);
        var old = journal.RecordConfig("old");
        journal.MarkConfigClean(old);
        var good = journal.RecordConfig("good");
        journal.MarkConfigClean(good);
        journal.RecordConfig("bad");
        // after a rollback the host records "good" again as the config now serving
        var rolledBack = journal.RecordConfig("good");

        var target = journal.FindLastCleanConfigBefore(rolledBack);

        Assert.Equal(old, target!.Id);
        Assert.Equal("old", target.Yaml);
    }

    [Fact]
    public void Config_history_survives_reopening_and_links_its_event()
    {
        long id, eventId;
        using (var journal = new EventJournal(dir.DbPath, time))
        {
            eventId = journal.Append(JournalEvent.Create(EventKinds.ConfigApplied, "initial"));
            id = journal.RecordConfig("listen: [http://127.0.0.1:8080]\n", eventId);
            journal.MarkConfigClean(id);
        }

        using var reopened = new EventJournal(dir.DbPath, time);
        Assert.Equal(
            new ConfigRecord(id, time.GetUtcNow(), "listen: [http://127.0.0.1:8080]\n", true, eventId),
            reopened.GetConfig(id));
        Assert.Null(reopened.GetConfig(id + 100));
    }
}
