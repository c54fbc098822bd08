using Fulcrum.Journal;
using Fulcrum.Tests.Incidents;
using Microsoft.Extensions.Time.Testing;
using static Fulcrum.Tests.Incidents.ScriptedIncident;
using static Fulcrum.Tests.Support.MarkdownSections;

namespace Fulcrum.Tests.Cli;

/// <summary>
/// <c>fulcrum timeline</c> and <c>fulcrum postmortem</c> through the real executable, on a real journal written with
/// <see cref="EventJournal"/> (the scripted incident of DESIGN.md) and kept open while they run, as a proxy would.
/// </summary>
public sealed class JournalCommandTests : IDisposable
{
    private const string Until = "2026-11-24T22:00:00Z";

    private readonly CliTempDir dir = new();
    private readonly FakeTimeProvider time = new(Day);
    private readonly EventJournal journal;

    public JournalCommandTests()
    {
        // samples/fulcrum.yaml names fulcrum-journal.db, next to the config.
        journal = new EventJournal(Path.Combine(dir.Folder, "fulcrum-journal.db"), time);
        ScriptedIncident.Write(journal, time);
    }

    public void Dispose()
    {
        journal.Dispose();
        dir.Dispose();
    }

    [Fact]
    public async Task Timeline_prints_the_latest_incident_in_order_from_the_change_that_preceded_it()
    {
        var result = await dir.RunAsync("timeline", "--until", Until);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            [
                "config.forced", "config.applied", "alert.pending", "alert.firing", "notification.sent", "notification.failed",
                "alert.acknowledged", "config.rollback", "alert.resolved", "notification.sent",
            ],
            Kinds(result.Stdout));
        Assert.Contains("2026-11-24 19:03:12Z  config.forced", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("web/a: imbalance firing", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("window 2026-11-24 19:03:12Z → 2026-11-24 19:42:00Z: from the config change (config.applied)", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("+   4", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_details_prints_each_event_s_details_under_it()
    {
        var result = await dir.RunAsync("timeline", "--until", Until, "--details");

        var lines = result.Stdout.Split('\n').ToList();
        var applied = lines.FindIndex(l => l.Contains("  config.applied  ", StringComparison.Ordinal));
        Assert.Equal("    +   4", lines[applied + 3]);
    }

    [Fact]
    public async Task Timeline_with_since_and_until_in_ISO_8601_covers_exactly_that_span()
    {
        var result = await dir.RunAsync("timeline", "--since", "2026-11-24T07:00:00Z", "--until", "2026-11-24T23:00:00Z");

        Assert.True(result.ExitCode == 0, result.ToString());
        var kinds = Kinds(result.Stdout);
        Assert.Equal(15, kinds.Count);
        Assert.Equal("process.started", kinds[0]);
        Assert.Equal("health.changed", kinds[^1]);
    }

    [Fact]
    public async Task Relative_times_count_back_from_now()
    {
        // A journal of its own, on the real clock: the scripted day may be today.
        var config = dir.WriteSampleVariant("recent.yaml", "journal: { path: fulcrum-journal.db }", "journal: { path: recent.db }");
        var now = DateTimeOffset.UtcNow;
        using (var recent = new EventJournal(Path.Combine(dir.Folder, "recent.db"), TimeProvider.System))
        {
            recent.Append(JournalEvent.Create(EventKinds.HealthChanged, "three hours ago", "web", "web-1", time: now.AddHours(-3)));
            recent.Append(JournalEvent.Create(EventKinds.HealthChanged, "one hour ago", "web", "web-2", time: now.AddHours(-1)));
        }

        var twoHours = await dir.RunAsync("timeline", "-c", config, "--since", "-2h");
        var fourHours = await dir.RunAsync("timeline", "-c", config, "--since", "4h", "--until", "30m");

        Assert.True(twoHours.ExitCode == 0, twoHours.ToString());
        Assert.Contains("one hour ago", twoHours.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("three hours ago", twoHours.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Kinds(fourHours.Stdout).Count);
    }

    [Fact]
    public async Task Timeline_reads_while_another_process_keeps_writing_the_journal()
    {
        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(async () =>
        {
            // A busy proxy: a durable append (one fsync) every couple of milliseconds, outside the reported window.
            while (!stop.IsCancellationRequested)
            {
                journal.Append(JournalEvent.Create(EventKinds.DestinationEjected, "flapping", "web", "web-3"));
                written++;
                await Task.Delay(2);
            }
        });

        var result = await dir.RunAsync("timeline", "--until", Until);
        await stop.CancelAsync();
        await writer;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(10, Kinds(result.Stdout).Count);
        Assert.True(written > 0);
    }

    [Fact]
    public async Task Bad_times_exit_2()
    {
        var notATime = await dir.RunAsync("timeline", "--since", "yesterday-ish");
        var backwards = await dir.RunAsync("postmortem", "--since", "2026-11-24T20:00:00Z", "--until", "2026-11-24T19:00:00Z");

        Assert.True(notATime.ExitCode == 2, notATime.ToString());
        Assert.Contains("--since: 'yesterday-ish' is not a time", notATime.Stderr, StringComparison.Ordinal);
        Assert.True(backwards.ExitCode == 2, backwards.ToString());
        Assert.Contains("is after --until", backwards.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_journal_exits_2_and_is_not_created()
    {
        var config = dir.WriteSampleVariant("elsewhere.yaml", "journal: { path: fulcrum-journal.db }", "journal: { path: other/journal.db }");

        var timeline = await dir.RunAsync("timeline", "-c", config);
        var postmortem = await dir.RunAsync("postmortem", "-c", config);

        Assert.True(timeline.ExitCode == 2, timeline.ToString());
        Assert.Contains($"no journal at {Path.Combine(dir.Folder, "other", "journal.db")}", timeline.Stderr, StringComparison.Ordinal);
        Assert.True(postmortem.ExitCode == 2, postmortem.ToString());
        Assert.False(Directory.Exists(Path.Combine(dir.Folder, "other")));
    }

    [Fact]
    public async Task Postmortem_prints_the_draft_with_every_section_and_the_serving_config_s_findings()
    {
        // The config recorded at the forced change is the one that served during the incident; the clean one
        // recorded later (and the clean -c file) must not be what is audited.
        // (The scripted journal's clock has moved on, and a fake clock only goes forward: a second writer records them.)
        var historyTime = new FakeTimeProvider(T("19:03:12"));
        using (var history = new EventJournal(journal.Path, historyTime))
        {
            history.RecordConfig(dir.DuplicateAddressText);
            historyTime.SetUtcNow(T("21:30:00"));
            history.RecordConfig(dir.SampleText);
        }

        var result = await dir.RunAsync("postmortem", "--until", Until);

        Assert.True(result.ExitCode == 0, result.ToString());
        var headings = result.Stdout.Split('\n').Where(l => l.StartsWith('#')).Select(h => h.Split(':')[0]).ToList();
        Assert.Equal(
            ["# Postmortem (draft)", "## Summary", "## Timeline", "## Root cause candidates", "## Resolution", "## Corrective actions", "## Lessons learned", "## Follow-ups"],
            headings);
        var actions = Section(result.Stdout, "## Corrective actions");
        Assert.Contains("- [ ] FUL001 error web/web-2 (journal config #1:", actions, StringComparison.Ordinal);
        Assert.Contains("2026-11-24 19:03:12Z  config.forced", Section(result.Stdout, "## Timeline"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postmortem_audits_the_config_file_when_the_journal_has_no_config_history()
    {
        var config = dir.WriteDuplicateAddress();

        var result = await dir.RunAsync("postmortem", "-c", config, "--until", Until);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("- [ ] FUL001 error web/web-2 (dup.yaml:", Section(result.Stdout, "## Corrective actions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postmortem_output_writes_the_markdown_to_a_file()
    {
        var file = Path.Combine(dir.Folder, "incident.md");

        var result = await dir.RunAsync("postmortem", "--until", Until, "-o", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"postmortem draft written to {file}", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("## Summary", result.Stdout, StringComparison.Ordinal);
        var markdown = await File.ReadAllTextAsync(file);
        Assert.StartsWith("# Postmortem (draft): imbalance", markdown, StringComparison.Ordinal);
    }

    /// <summary>The kind column of each timeline line ("2026-11-24 19:03:12Z  kind  text").</summary>
    private static List<string> Kinds(string timeline) =>
        timeline.Split('\n')
            .Where(l => l.Length > 22 && char.IsDigit(l[0]) && l[20] == ' ')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2])
            .ToList();
}
