using Fulcrum.Journal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Tests.Journal;

public sealed class EventJournalTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 19, 0, 0, TimeSpan.Zero);
    private readonly TempJournalDir dir = new();
    private readonly FakeTimeProvider time = new(Start);

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Append_returns_growing_ids_and_every_field_round_trips_through_the_file()
    {
        long first, second;
        using (var journal = new EventJournal(dir.DbPath, time))
        {
            first = journal.Append(JournalEvent.Create(EventKinds.ConfigApplied, "web: weights a 1→4", "web", details: "- a: 1\n+ a: 4"));
            time.Advance(TimeSpan.FromSeconds(3));
            second = journal.Append(JournalEvent.Create(EventKinds.AlertFiring, "imbalance", "web", "a", "{\"cause\":\"x\"}", "A1"));
        }

        using var reopened = new EventJournal(dir.DbPath, time);
        var events = reopened.Read();

        Assert.True(second > first);
        Assert.Equal([first, second], events.Select(e => e.Id));
        Assert.Equal(new JournalEvent(first, Start, "config.applied", "web", null, "web: weights a 1→4", "- a: 1\n+ a: 4", null), events[0]);
        Assert.Equal(new JournalEvent(second, Start.AddSeconds(3), "alert.firing", "web", "a", "imbalance", "{\"cause\":\"x\"}", "A1"), events[1]);
    }

    [Fact]
    public void An_explicit_time_is_kept_and_a_missing_one_is_stamped_from_the_time_provider()
    {
        using var journal = new EventJournal(dir.DbPath, time);
        var past = Start.AddMinutes(-5);
        journal.Append(JournalEvent.Create(EventKinds.HealthChanged, "explicit", time: past));
        journal.Append(JournalEvent.Create(EventKinds.HealthChanged, "stamped"));

        Assert.Equal([past, Start], journal.Read().Select(e => e.Time));
    }

    [Fact]
    public void Read_filters_by_id_cursor_time_range_kind_and_limit()
    {
        using var journal = new EventJournal(dir.DbPath, time);
        var ids = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(journal.Append(JournalEvent.Create(i % 2 == 0 ? EventKinds.HealthChanged : EventKinds.AlertFiring, $"e{i}")));
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(["e7", "e8", "e9"], journal.Read(sinceId: ids[6]).Select(e => e.Summary));
        Assert.Equal(["e2", "e3", "e4"], journal.Read(since: Start.AddMinutes(2), until: Start.AddMinutes(4)).Select(e => e.Summary));
        Assert.Equal(["e1", "e3"], journal.Read(kinds: [EventKinds.AlertFiring], limit: 2).Select(e => e.Summary));
        Assert.Empty(journal.Read(kinds: []));
        Assert.Equal(["e8", "e9"], journal.ReadLatest(2).Select(e => e.Summary));
        Assert.Throws<ArgumentOutOfRangeException>(() => journal.Read(limit: 0));
    }

    [Fact]
    public void FindLatest_takes_the_newest_matching_event_strictly_before_and_counts_global_events_for_every_cluster()
    {
        using var journal = new EventJournal(dir.DbPath, time);
        journal.Append(JournalEvent.Create(EventKinds.ConfigApplied, "global change"));
        time.Advance(TimeSpan.FromMinutes(1));
        journal.Append(JournalEvent.Create(EventKinds.ConfigApplied, "web change", "web"));
        time.Advance(TimeSpan.FromMinutes(1));
        journal.Append(JournalEvent.Create(EventKinds.ConfigApplied, "api change", "api"));
        journal.Append(JournalEvent.Create(EventKinds.HealthChanged, "not a config change", "web"));
        var at = Start.AddMinutes(2);

        Assert.Equal("web change", journal.FindLatest(EventKinds.ConfigChanges, "web", at.AddSeconds(1))?.Summary);
        Assert.Equal("global change", journal.FindLatest(EventKinds.ConfigChanges, "web", Start.AddMinutes(1))?.Summary);
        Assert.Equal("global change", journal.FindLatest(EventKinds.ConfigChanges, "db", at.AddSeconds(1))?.Summary);
        Assert.Equal("api change", journal.FindLatest(EventKinds.ConfigChanges, null, at.AddSeconds(1))?.Summary);
        Assert.Null(journal.FindLatest(EventKinds.ConfigChanges, "web", Start));
    }

    [Fact]
    public async Task Queued_events_are_written_by_FlushAsync_and_by_dispose()
    {
        await using (var journal = new EventJournal(dir.DbPath, time))
        {
            Assert.True(journal.TryEnqueue(JournalEvent.Create(EventKinds.DestinationEjected, "a ejected", "web", "a")));
            await journal.FlushAsync();
            Assert.Equal(["a ejected"], journal.Read().Select(e => e.Summary));

            for (var i = 0; i < 100; i++)
            {
                journal.TryEnqueue(JournalEvent.Create(EventKinds.HealthChanged, $"h{i}"));
            }
            journal.Append(JournalEvent.Create(EventKinds.ProcessStopped, "stop"));
        }

        var reopened = new EventJournal(dir.DbPath, time);
        var events = reopened.Read(limit: 1000);
        Assert.Equal(102, events.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"h{i}"), events.Where(e => e.Kind == EventKinds.HealthChanged).Select(e => e.Summary));
        await reopened.DisposeAsync();
        Assert.False(reopened.TryEnqueue(JournalEvent.Create(EventKinds.HealthChanged, "after close")));
    }

    [Fact]
    public async Task A_full_queue_drops_without_blocking_and_journals_how_many_were_dropped()
    {
        await using var journal = new EventJournal(dir.DbPath, time, queueCapacity: 4);
        var accepted = 0;
        var refused = 0;
        // Hold SQLite's write lock from another connection so the background writer stalls and the queue fills.
        using (var blocker = new SqliteConnection($"Data Source={dir.DbPath};Pooling=False"))
        {
            blocker.Open();
            using var hold = blocker.BeginTransaction(deferred: false);
            for (var i = 0; i < 100; i++)
            {
                if (journal.TryEnqueue(JournalEvent.Create(EventKinds.HealthChanged, $"h{i}")))
                {
                    accepted++;
                }
                else
                {
                    refused++;
                }
            }
            hold.Commit();
        }
        await journal.FlushAsync();

        // How many the writer took before it blocked depends on scheduling; that the 4-slot queue overflowed does not.
        Assert.Equal(100, accepted + refused);
        Assert.True(refused >= 50, $"refused {refused} of 100 with a 4-slot queue and the writer blocked");
        Assert.Equal(refused, journal.DroppedEvents);
        var events = journal.Read(limit: 1000);
        Assert.Equal(accepted, events.Count(e => e.Kind == EventKinds.HealthChanged));
        var overflow = events.Where(e => e.Kind == EventKinds.JournalOverflow).ToList();
        Assert.NotEmpty(overflow);
        Assert.Equal(refused, overflow.Sum(e => int.Parse(e.Summary.Split(' ')[0])));
    }

    [Fact]
    public void The_file_is_in_WAL_mode_and_carries_its_schema_version()
    {
        new EventJournal(dir.DbPath, time).Dispose();

        using var connection = new SqliteConnection($"Data Source={dir.DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT version FROM schema_version";
        Assert.Equal(3L, command.ExecuteScalar());
    }

    [Fact]
    public void A_journal_from_a_newer_Fulcrum_is_refused_with_a_clear_message()
    {
        new EventJournal(dir.DbPath, time).Dispose();
        using (var connection = new SqliteConnection($"Data Source={dir.DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE schema_version SET version = 99";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<JournalException>(() => new EventJournal(dir.DbPath, time));
        Assert.Contains(dir.DbPath, error.Message);
        Assert.Contains("newer Fulcrum (schema version 99", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_naming_the_file()
    {
        File.WriteAllText(dir.DbPath, "listen: [http://127.0.0.1:8080]\n" + new string('#', 4096));

        var error = Assert.Throws<JournalException>(() => new EventJournal(dir.DbPath, time));
        Assert.StartsWith($"{dir.DbPath}: cannot open the journal", error.Message);
    }
}
