using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Config;
using Fulcrum.Journal;
using Fulcrum.Operations;
using Fulcrum.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Tests.Journal;

/// <summary>Retention on a real SQLite file: by age on a fake clock, by size, the background pass, and the text caps.</summary>
public sealed class JournalRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly JournalRetention TwoWeeks = new(TimeSpan.FromDays(14), JournalRetention.DefaultMaxSize);

    private readonly TempJournalDir dir = new();
    private readonly FakeTimeProvider time = new(Start);

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Pruning_by_age_drops_what_is_older_than_max_age_and_journals_what_went()
    {
        using var journal = new EventJournal(dir.DbPath, time);
        for (var day = 0; day < 20; day++)
        {
            journal.Append(JournalEvent.Create(EventKinds.HealthChanged, $"day {day}", "web", "a"));
            time.Advance(TimeSpan.FromDays(1));
        }
        // now = day 20: days 0–5 are older than 14 days.
        var report = journal.Prune(TwoWeeks);

        Assert.Equal(6, report.Events);
        Assert.Equal(Start, report.From);
        Assert.Equal(Start.AddDays(5), report.To);
        Assert.True(report.ByAge);
        Assert.False(report.BySize);
        var left = journal.Read();
        Assert.Equal(Enumerable.Range(6, 14).Select(d => $"day {d}"), left.Where(e => e.Kind == EventKinds.HealthChanged).Select(e => e.Summary));
        var pruned = Assert.Single(left, e => e.Kind == EventKinds.JournalPruned);
        Assert.StartsWith("pruned 6 event(s) and 0 config(s) from 2026-11-01 00:00:00Z to 2026-11-06 00:00:00Z (older than 336h)", pruned.Summary, StringComparison.Ordinal);
        using var details = JsonDocument.Parse(pruned.Details!);
        Assert.Equal(6, details.RootElement.GetProperty("events").GetInt64());
        Assert.True(details.RootElement.GetProperty("bytesDropped").GetInt64() > 0);

        // A second pass finds nothing and journals nothing.
        Assert.False(journal.Prune(TwoWeeks).DroppedAny);
        Assert.Single(journal.Read(kinds: [EventKinds.JournalPruned]));
    }

    [Fact]
    public void Pruning_by_age_keeps_the_serving_config_and_the_rollback_target()
    {
        using var journal = new EventJournal(dir.DbPath, time);
        var old = journal.RecordConfig("version: old");
        journal.MarkConfigClean(old);
        var target = journal.RecordConfig("version: target");
        journal.MarkConfigClean(target);
        var serving = journal.RecordConfig("version: serving");
        time.Advance(TimeSpan.FromDays(30));

        var report = journal.Prune(TwoWeeks);

        Assert.Equal(1, report.Configs);
        Assert.Null(journal.GetConfig(old));
        Assert.Equal(serving, journal.LatestConfig()!.Id);
        Assert.Equal("version: target", journal.LastCleanConfigBefore(serving));
    }

    [Fact]
    public void Pruning_by_size_drops_the_oldest_until_the_file_is_under_max_size()
    {
        const long maxSize = 1L << 20;
        using var journal = new EventJournal(dir.DbPath, time);
        var filler = new string('x', 8000);
        for (var i = 0; i < 500; i++)
        {
            // about 4 MB of events, none old enough for max-age
            journal.Append(JournalEvent.Create(EventKinds.NotificationFailed, $"event {i}", details: $"{i} {filler}"));
            time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.True(journal.FileBytes > 3 * maxSize, $"the journal holds {journal.FileBytes} bytes before pruning");

        var report = journal.Prune(new JournalRetention(TimeSpan.FromDays(14), maxSize));

        Assert.True(report.BySize);
        Assert.False(report.ByAge);
        Assert.InRange(journal.FileBytes, 1, maxSize);
        var left = journal.Read(kinds: [EventKinds.NotificationFailed]);
        Assert.Equal(500 - report.Events, left.Count);
        // The newest are kept, in order, and what went is exactly the oldest.
        Assert.Equal(Enumerable.Range((int)report.Events, left.Count).Select(i => $"event {i}"), left.Select(e => e.Summary));
        Assert.Equal(Start, report.From);
        Assert.Equal(Start.AddSeconds(report.Events - 1), report.To);
        Assert.Contains("over 1.0 MiB", Assert.Single(journal.Read(kinds: [EventKinds.JournalPruned])).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Compacting_gives_the_free_pages_of_an_old_style_file_back()
    {
        using (var journal = new EventJournal(dir.DbPath, time))
        {
            for (var i = 0; i < 200; i++)
            {
                journal.Append(JournalEvent.Create(EventKinds.NotificationFailed, $"event {i}", details: new string('y', 8000)));
            }
            time.Advance(TimeSpan.FromDays(15));
            journal.Prune(TwoWeeks);
            var pruned = journal.FileBytes;
            journal.Compact();
            Assert.True(journal.FileBytes <= pruned, $"{journal.FileBytes} > {pruned}");
            Assert.True(journal.FileBytes < 200 * 1024, $"{journal.FileBytes} bytes after compaction");
        }
    }

    [Fact]
    public async Task The_background_pass_runs_shortly_after_start_and_every_period_on_the_time_provider()
    {
        using var journal = new EventJournal(dir.DbPath, time);
        journal.Append(JournalEvent.Create(EventKinds.HealthChanged, "ancient"));
        time.Advance(TimeSpan.FromDays(15));
        var logger = new LinesLogger();
        await using var service = new JournalRetentionService(journal, () => TwoWeeks, time, logger);

        await service.StartAsync(CancellationToken.None);
        time.Advance(JournalRetentionService.FirstPassDelay - TimeSpan.FromSeconds(1));
        Assert.Empty(journal.Read(kinds: [EventKinds.JournalPruned])); // not yet: the first pass stays out of the start
        time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => journal.Read(kinds: [EventKinds.JournalPruned]).Count == 1, TimeSpan.FromSeconds(10), "the first pass after start");
        journal.Append(JournalEvent.Create(EventKinds.HealthChanged, "written late with an old time", time: time.GetUtcNow().AddDays(-15)));
        time.Advance(JournalRetentionService.Period - TimeSpan.FromSeconds(1));
        Assert.Single(journal.Read(kinds: [EventKinds.HealthChanged])); // not yet: pruning waits for its period
        time.Advance(TimeSpan.FromSeconds(1));

        await Poll.UntilAsync(() => journal.Read(kinds: [EventKinds.HealthChanged]).Count == 0, TimeSpan.FromSeconds(10), "the periodic pass");
        Assert.DoesNotContain(logger.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_pass_logs_one_line_and_throws_nothing()
    {
        var journal = new EventJournal(dir.DbPath, time);
        journal.Dispose();
        var logger = new LinesLogger();
        var service = new JournalRetentionService(journal, () => TwoWeeks, time, logger);

        service.PruneOnce();
        service.PruneOnce();

        Assert.Equal(2, logger.Lines.Count);
        Assert.All(logger.Lines, l => Assert.StartsWith("Warning: journal ", l, StringComparison.Ordinal));
        Assert.All(logger.Lines, l => Assert.Contains("pruning failed (ObjectDisposedException", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Texts_are_capped_however_the_event_was_built_with_a_marker_and_the_hash_of_the_full_value()
    {
        using var journal = new EventJournal(dir.DbPath, time);
        var details = new string('d', 1 << 20);
        var cluster = new string('c', 5000);
        // `new`, not Create: the store caps it all the same.
        journal.Append(new JournalEvent(0, Start, EventKinds.ConfigRefused, cluster, null, "refused", details, null));

        var stored = Assert.Single(journal.Read());

        Assert.InRange(stored.Details!.Length, 1, JournalText.MaxDetailsChars);
        Assert.InRange(stored.Cluster!.Length, 1, JournalText.MaxNameChars);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(details)));
        Assert.EndsWith($"{JournalText.TruncatedMarker}1048576 chars in all, sha256 {sha}]", stored.Details, StringComparison.Ordinal);
        Assert.StartsWith("ddd", stored.Details, StringComparison.Ordinal);
        Assert.Contains(JournalText.TruncatedMarker, stored.Cluster, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 2000));
        var bounded = JournalText.Bound(text, 1000)!;

        Assert.True(bounded.Length <= 1000);
        var kept = bounded[..bounded.IndexOf('\n', StringComparison.Ordinal)];
        Assert.Equal(0, kept.Length % 2);
        Assert.False(char.IsHighSurrogate(kept[^1]));
    }

    /// <summary>Each log call as one "Level: message" line.</summary>
    private sealed class LinesLogger : ILogger<JournalRetentionService>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add($"{logLevel}: {formatter(state, exception)}");
            }
        }
    }
}
