using Fulcrum.Hosting;
using Fulcrum.Incidents;
using Fulcrum.Journal;
using Fulcrum.Tests.Cli;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.Hostile;

/// <summary>An ESC sequence in config text reaches the journal, the timeline and the audit output escaped, never raw.</summary>
public sealed class OutputHygieneTests
{
    private const string Esc = "\u001b[2J\u001b]0;pwned\u0007";

    [Fact]
    public async Task A_route_name_with_an_escape_sequence_is_refused_on_reload_and_the_timeline_shows_it_escaped()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1), ProxyRig.Named(1));

        await rig.RewriteConfigAsync(Configs.Weighted("round-robin", 1).Replace("name: all", $"name: \"all{Esc}\"", StringComparison.Ordinal));
        rig.Server.Reloader!.Reload(ConfigTrigger.Signal);

        var events = rig.Server.Journal.Read();
        var refused = events.First(e => e.Kind == EventKinds.ConfigRefused);
        Assert.Contains("\\x1b[2J", refused.Details, StringComparison.Ordinal);
        var timeline = TimelineBuilder.Render(events.Select(TimelineEntry.From).ToArray(), withDetails: true);
        Assert.DoesNotContain('\u001b', timeline);
        Assert.DoesNotContain('\u0007', timeline);
        Assert.Contains("\\x1b", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public void The_timeline_escapes_whatever_a_journal_row_holds()
    {
        var raw = new JournalEvent(1, DateTimeOffset.UnixEpoch, EventKinds.NotificationFailed, "web", "a", $"receiver said {Esc}", $"line one\nline {Esc} two\r", null);

        var text = TimelineBuilder.Render([TimelineEntry.From(raw)], withDetails: true);

        Assert.DoesNotContain('\u001b', text);
        Assert.Contains("receiver said \\x1b[2J\\x1b]0;pwned\\x07", text, StringComparison.Ordinal);
        Assert.Contains("    line \\x1b[2J", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_and_audit_print_an_escape_sequence_in_a_name_escaped()
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-esc-").FullName;
        var path = Path.Combine(folder, "fulcrum.yaml");
        await File.WriteAllTextAsync(path, Configs.OneCluster("round-robin", "a: { address: \"http://127.0.0.1:1\" }")
            .Replace("  web:", $"  \"web{Esc}\":", StringComparison.Ordinal).Replace("{folder}", folder, StringComparison.Ordinal));

        var validate = await CliRunner.RunAsync(folder, "validate", "-c", path);
        var audit = await CliRunner.RunAsync(folder, "audit", "-c", path, "--no-color");

        Assert.Equal(2, validate.ExitCode);
        Assert.DoesNotContain('\u001b', validate.All);
        Assert.Contains("\\x1b", validate.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', audit.All);
    }
}
