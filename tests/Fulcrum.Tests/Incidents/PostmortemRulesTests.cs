using Fulcrum.Cli;
using Fulcrum.Core.Config;
using Fulcrum.Hosting;
using Fulcrum.Incidents;
using Fulcrum.Journal;
using Fulcrum.Operations;
using Fulcrum.Tests.Journal;
using Microsoft.Extensions.Time.Testing;
using static Fulcrum.Tests.Incidents.ScriptedIncident;
using static Fulcrum.Tests.Support.MarkdownSections;

namespace Fulcrum.Tests.Incidents;

/// <summary>
/// The postmortem's rules (issue 12), one test each, on a real journal written by the real <see cref="JournalBridge"/>
/// on a fake clock. The story: the process starts with the file's config (weights 1,1,1), a latency alert goes
/// pending while it warms up and ends without firing, someone forces weights 3,1,1 past the audit through the
/// admin API, the imbalance alert fires, a rollback ends it.
/// </summary>
public sealed class PostmortemRulesTests : IDisposable
{
    private const string Reason = "sale traffic needs a on the big box";

    private readonly TempJournalDir dir = new();
    private readonly FakeTimeProvider time = new(Day);
    private readonly EventJournal journal;
    private readonly JournalBridge bridge;
    private FulcrumConfig? serving;

    public PostmortemRulesTests()
    {
        journal = new EventJournal(dir.DbPath, time);
        bridge = new JournalBridge(journal, () => false);
    }

    public void Dispose()
    {
        journal.Dispose();
        dir.Dispose();
    }

    [Fact]
    public async Task A_pending_alert_that_never_fired_neither_starts_the_incident_nor_heads_it()
    {
        WriteForcedIncident();

        var (window, markdown) = await DraftAsync();

        Assert.Equal(T("08:05:00"), window.Start); // the forced change, not the process start
        Assert.StartsWith("# Postmortem (draft): imbalance on web/a, 2026-11-24\n", markdown);
        Assert.Contains("- **Start:** 2026-11-24 08:05:40Z (imbalance on web/a triggered, the alert that fired first)", markdown);
        Assert.DoesNotContain("08:00:05", Section(markdown, "## Summary").Split("Alerts that fired:")[0]);
    }

    [Fact]
    public async Task A_pending_alert_that_never_fired_in_the_window_is_listed_apart_and_not_called_withdrawn()
    {
        WriteForcedIncident();

        var markdown = await new PostmortemBuilder(journal, null, time).BuildAsync(new IncidentWindow(T("07:59:00"), T("08:30:00"), "as given"));

        var summary = Section(markdown, "## Summary");
        Assert.Contains("- **Start:** 2026-11-24 08:05:40Z", summary);
        Assert.Contains("Alerts that went pending but never fired (nobody was told; not part of the incident):\n\n"
            + "- latency-p99 on web/a (L0): pending 08:00:05Z, ended 08:00:20Z without firing", summary);
        Assert.StartsWith("# Postmortem (draft): imbalance on web/a, ", markdown);
        Assert.DoesNotContain("withdrawn", markdown);
    }

    [Fact]
    public async Task The_headline_is_the_alert_that_fired_first_and_the_start_its_trigger_even_when_another_went_pending_earlier()
    {
        // error-rate went pending at the process start-up blip and fired only later: it neither heads nor starts it.
        WriteForcedIncident(errorRateTriggeredAt: "08:00:03", errorRateFiredAt: "08:07:30");

        var (window, markdown) = await DraftAsync();

        Assert.StartsWith("# Postmortem (draft): imbalance on web/a (+1 more alert), 2026-11-24\n", markdown);
        Assert.Contains("- **Start:** 2026-11-24 08:05:40Z (imbalance on web/a triggered, the alert that fired first)", markdown);
        Assert.Contains("- **First alert fired:** imbalance on web/a at 2026-11-24 08:06:10Z, 30 s after the start", markdown);
        Assert.Contains("- **Config in force:** config.applied at 2026-11-24 08:05:00Z, FORCED past the audit, 40 s before the start", markdown);
        Assert.Equal(T("08:00:03"), window.Start); // the timeline still tells the error-rate alert's whole story
        var causes = Section(markdown, "## Root cause candidates");
        Assert.StartsWith("- **The config change in force when the incident began** (40 s before the first firing alert triggered): config.applied at 2026-11-24 08:05:00Z",
            causes.Split("confirm or strike each.\n\n")[1]);
        Assert.Contains("- **error-rate on web/a** went pending under an earlier config (config.applied #2), replaced before the incident began by the change above", causes);
        Assert.DoesNotContain("initial config", causes);
        Assert.DoesNotContain("(at start)", causes);
    }

    [Fact]
    public async Task The_root_cause_is_the_forced_change_in_force_with_who_forced_it_and_why_never_the_initial_config()
    {
        WriteForcedIncident();

        var causes = Section((await DraftAsync()).Markdown, "## Root cause candidates");

        var first = causes.Split("confirm or strike each.\n\n")[1];
        Assert.StartsWith("- **The config change in force when the incident began** (40 s before the first firing alert triggered): "
            + "config.applied at 2026-11-24 08:05:00Z: config applied (POST /api/config): clusters.web.destinations.a.weight", first);
        Assert.Contains($"(FORCED past 1 error-level audit finding(s) by ops-team (admin token), user alice, reason: \"{Reason}\")", first);
        Assert.Contains($"  - **Forced past the audit:** config forced past the audit by ops-team (admin token), user alice, reason: \"{Reason}\"", first);
        Assert.Contains("FUL020", first);
        Assert.DoesNotContain("initial config", causes);
    }

    [Fact]
    public async Task Earlier_changes_of_the_window_are_listed_after_the_one_in_force_with_forced_notes_paired()
    {
        WriteForcedIncident();

        var markdown = await new PostmortemBuilder(journal, null, time).BuildAsync(new IncidentWindow(T("07:59:00"), T("08:30:00"), "as given"));

        var causes = Section(markdown, "## Root cause candidates");
        Assert.DoesNotContain("- Earlier config change: config.forced", causes); // the note goes with its change
        Assert.Contains("- **The config change in force when the incident began** (40 s before the first firing alert triggered): config.applied at 2026-11-24 08:05:00Z", causes);
        Assert.Contains("- Earlier config change: config.applied at 2026-11-24 08:00:00Z: config applied (at start)", causes);
    }

    [Fact]
    public async Task A_forced_change_leads_the_root_causes_before_a_later_unforced_change_in_force()
    {
        // Not forced: the capacity now carries the weight, so the audit passes; it came on top of the forced weight.
        var causes = await CausesWhenForcedThenAsync(Yaml(weightA: 3, capacityA: 300), ConfigTrigger.FileChange);

        var candidates = causes.Split("confirm or strike each.\n\n")[1];
        Assert.StartsWith("- **The change forced past the audit before the incident began** (40 s before the first firing alert triggered; "
            + "the unforced change below came on top of it): config.applied at 2026-11-24 08:05:00Z", candidates);
        Assert.Contains("  - **Forced past the audit:** config forced past the audit by ops-team (admin token)", candidates);
        var forcedLine = candidates.IndexOf("config.applied at 2026-11-24 08:05:00Z", StringComparison.Ordinal);
        var inForceLine = candidates.IndexOf("- **The config change in force when the incident began** (20 s before the first firing alert triggered): "
            + "config.applied at 2026-11-24 08:05:20Z: config applied (file changed)", StringComparison.Ordinal);
        var initialLine = candidates.IndexOf("- Earlier config change: config.applied at 2026-11-24 08:00:00Z", StringComparison.Ordinal);
        Assert.True(forcedLine >= 0 && inForceLine > forcedLine && initialLine > inForceLine, candidates);
        Assert.Equal(1, CountOf(candidates, "config.applied at 2026-11-24 08:05:00Z"));
    }

    [Fact]
    public async Task A_rollback_after_the_forced_change_leaves_the_change_in_force_leading()
    {
        var causes = await CausesWhenForcedThenAsync(Yaml(weightA: 1), ConfigTrigger.Rollback);

        Assert.StartsWith("- **The config change in force when the incident began** (20 s before the first firing alert triggered): config.rollback at",
            causes.Split("confirm or strike each.\n\n")[1]);
        Assert.DoesNotContain("The change forced past the audit before the incident began", causes);
        Assert.Contains("- Earlier config change: config.applied at 2026-11-24 08:05:00Z", causes);
    }

    /// <summary>
    /// Start 08:00 (weights 1,1,1), weights 3,1,1 forced by "ops-team" at 08:05, then <paramref name="yaml"/> applied
    /// unforced by <paramref name="trigger"/> at 08:05:20; imbalance pending 08:05:40, firing 08:06:10. The root causes.
    /// </summary>
    private async Task<string> CausesWhenForcedThenAsync(string yaml, ConfigTrigger trigger)
    {
        At("08:00:00");
        Apply(Yaml(weightA: 1), ConfigTrigger.Startup, force: false);
        At("08:05:00");
        Apply(Yaml(weightA: 3), ConfigTrigger.AdminApi, force: true, ConfigActor.FromCaller("ops-team", null, null, Reason));
        At("08:05:20");
        Apply(yaml, trigger, force: false);
        At("08:05:40");
        journal.Append(Alert(EventKinds.AlertPending, "I1", "imbalance", "web", "b", null));
        At("08:06:10");
        journal.Append(Alert(EventKinds.AlertFiring, "I1", "imbalance", "web", "b", null));
        return Section(await new PostmortemBuilder(journal, null, time).BuildAsync(new IncidentWindow(T("07:59:00"), T("08:30:00"), "as given")), "## Root cause candidates");
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public async Task Corrective_actions_audit_the_config_in_force_when_it_began_not_the_rollback_that_ended_it()
    {
        WriteForcedIncident();
        var configPath = Path.Combine(dir.Folder, "fulcrum.yaml");
        File.WriteAllText(configPath, Yaml(weightA: 1));
        var window = await IncidentWindowResolver.ResolveAsync(journal, null, null, time.GetUtcNow());
        await using var session = new JournalSession(configPath, ConfigLoader.LoadFile(configPath), journal,
            (end, _) => Task.FromResult(ServingConfigAudit.AppliedBy(journal, end)), window, new NoOwner());
        DateTimeOffset? asked = null;

        var markdown = await new PostmortemBuilder(journal, null, time).BuildAsync(window, (at, token) =>
        {
            asked = at;
            return ServingConfigAudit.AuditAsync(session, at, token);
        });

        Assert.Equal(T("08:05:40"), asked);
        var actions = Section(markdown, "## Corrective actions");
        Assert.Contains("Audit findings on journal config #2, applied 2026-11-24 08:05:00Z, the config in force when the incident began:", actions);
        Assert.Contains("- [ ] FUL020 error web/a (", actions);
        Assert.Contains("predicted at 126 req/s against capacity 100", actions);
        Assert.DoesNotContain("journal config #3", actions);
    }

    /// <summary>
    /// 08:00 start with weights 1,1,1 (and a latency alert pending 08:00:05–08:00:20 that never fires); 08:05 weights
    /// 3,1,1 forced by the admin token "ops-team" (user alice) with a reason; imbalance on web/a pending 08:05:40,
    /// firing 08:06:10, acknowledged 08:08; rollback 08:15; resolved 08:16.
    /// </summary>
    private void WriteForcedIncident(string? errorRateTriggeredAt = null, string? errorRateFiredAt = null)
    {
        At("08:00:00");
        journal.Append(JournalEvent.Create(EventKinds.ProcessStarted, "fulcrum started"));
        Apply(Yaml(weightA: 1), ConfigTrigger.Startup, force: false);
        if (errorRateTriggeredAt is not null)
        {
            // The cause as the alert engine names it: the config it saw when the alert went pending.
            At(errorRateTriggeredAt);
            journal.Append(Alert(EventKinds.AlertPending, "E1", "error-rate", "web", "a",
                new AlertEventDetails("error-rate", Cause: "config.applied #2: config applied (at start)")));
        }
        At("08:00:05");
        journal.Append(Alert(EventKinds.AlertPending, "L0", "latency-p99", "web", "a", new AlertEventDetails("latency-p99", Value: 900, Threshold: 250)));
        At("08:00:20");
        journal.Append(Alert(EventKinds.AlertResolved, "L0", "latency-p99", "web", "a", new AlertEventDetails("latency-p99", Value: 90, Threshold: 250)));

        At("08:05:00");
        Apply(Yaml(weightA: 3), ConfigTrigger.AdminApi, force: true, ConfigActor.FromCaller("ops-team", "alice", "127.0.0.1", Reason));
        At("08:05:40");
        var imbalance = new AlertEventDetails("imbalance", Signal: "overload", Requests: 5000, Errors: 400, ErrorRate: 0.08);
        journal.Append(Alert(EventKinds.AlertPending, "I1", "imbalance", "web", "a", imbalance));
        At("08:06:10");
        journal.Append(Alert(EventKinds.AlertFiring, "I1", "imbalance", "web", "a", imbalance));
        if (errorRateFiredAt is not null)
        {
            At(errorRateFiredAt);
            journal.Append(Alert(EventKinds.AlertFiring, "E1", "error-rate", "web", "a", new AlertEventDetails("error-rate")));
        }
        At("08:08:00");
        journal.Append(Alert(EventKinds.AlertAcknowledged, "I1", "imbalance", "web", "a", null));
        At("08:15:00");
        Apply(Yaml(weightA: 1), ConfigTrigger.Rollback, force: true, ConfigActor.FromCaller(null, "bob", "127.0.0.1", "undo the forced weights"));
        At("08:16:00");
        journal.Append(Alert(EventKinds.AlertResolved, "I1", "imbalance", "web", "a", new AlertEventDetails("imbalance")));
        if (errorRateFiredAt is not null)
        {
            journal.Append(Alert(EventKinds.AlertResolved, "E1", "error-rate", "web", "a", new AlertEventDetails("error-rate")));
        }
        At("09:00:00");
    }

    /// <summary>What the gate does after YARP took a config: the bridge journals it (with the audit's findings) and records its YAML.</summary>
    private void Apply(string yaml, ConfigTrigger trigger, bool force, ConfigActor? actor = null)
    {
        var config = ConfigLoader.Parse(yaml, "fulcrum.yaml", dir.Folder);
        var findings = ConfigAudit.Run(config);
        Assert.Equal(force && trigger != ConfigTrigger.Rollback, findings.Any(f => f.IsError));
        var result = new ApplyResult(true, findings.Any(f => f.IsError), "applied", [], findings) { Actor = actor };
        bridge.OnApplied(serving, config, yaml, result, trigger);
        serving = config;
    }

    private async Task<(IncidentWindow Window, string Markdown)> DraftAsync()
    {
        var window = await IncidentWindowResolver.ResolveAsync(journal, null, null, time.GetUtcNow());
        return (window, await new PostmortemBuilder(journal, null, time).BuildAsync(window));
    }

    private static string Yaml(int weightA, int capacityA = 100) => $$"""
        listen: [http://127.0.0.1:0]
        routes:
          - name: web
            match: { path: "/{**rest}" }
            cluster: web
        clusters:
          web:
            policy: round-robin
            destinations:
              a: { address: http://127.0.0.1:9001, weight: {{weightA}}, capacity: {{capacityA}} }
              b: { address: http://127.0.0.1:9002, capacity: 100 }
              c: { address: http://127.0.0.1:9003, capacity: 100 }
        """;

    private void At(string clock) => time.SetUtcNow(T(clock));

    /// <summary>The journal belongs to the test, not to the session.</summary>
    private sealed class NoOwner : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
