using Fulcrum.Journal;

namespace Fulcrum.Tests.Cli;

/// <summary><c>fulcrum journal vacuum</c> through the real executable on a real journal file.</summary>
public sealed class JournalVacuumCommandTests : IDisposable
{
    private readonly CliTempDir dir = new();

    private string JournalPath => Path.Combine(dir.Folder, "fulcrum-journal.db");

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Vacuum_prunes_per_the_config_compacts_and_reports_the_size_before_and_after()
    {
        var now = DateTimeOffset.UtcNow;
        using (var journal = new EventJournal(JournalPath, TimeProvider.System))
        {
            for (var i = 0; i < 300; i++)
            {
                // The sample keeps the default max-age (14 days): these 300 are 20 days old.
                journal.Append(JournalEvent.Create(EventKinds.NotificationFailed, $"old {i}", details: new string('z', 4000), time: now.AddDays(-20)));
            }
            journal.Append(JournalEvent.Create(EventKinds.ConfigApplied, "recent", time: now.AddHours(-1)));
        }
        var before = new FileInfo(JournalPath).Length;

        var result = await dir.RunAsync("journal", "vacuum");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("pruned 300 event(s) and 0 config(s)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(older than 336h)", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"size on disk [0-9.]+ MiB → [0-9.]+ MiB \([0-9]+ → [0-9]+ bytes\)", result.Stdout);
        Assert.True(new FileInfo(JournalPath).Length < before / 4, $"{new FileInfo(JournalPath).Length} bytes after, {before} before");
        using var reopened = new EventJournal(JournalPath, TimeProvider.System);
        Assert.Equal([EventKinds.ConfigApplied, EventKinds.JournalPruned], reopened.Read().Select(e => e.Kind));
    }

    [Fact]
    public async Task Vacuum_without_a_journal_says_where_it_looked_and_exits_2()
    {
        var result = await dir.RunAsync("journal", "vacuum");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no journal at", result.Stderr, StringComparison.Ordinal);
    }
}
