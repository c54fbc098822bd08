using Fulcrum.Incidents;
using Fulcrum.Journal;
using Fulcrum.Tests.Journal;
using Microsoft.Extensions.Time.Testing;
using static Fulcrum.Tests.Incidents.ScriptedIncident;
using static Fulcrum.Tests.Support.MarkdownSections;

namespace Fulcrum.Tests.Incidents;

public sealed class PostmortemBuilderTests : IDisposable
{
    private static readonly string[] Findings =
    [
        "FUL003 error clusters.web.destinations.a.weight (fulcrum.yaml:12:18): weight 4 sends 67 % of traffic to a, whose capacity is 20 %",
        "FUL010 warning clusters.web.health (fulcrum.yaml:9:5): no passive health check",
    ];

    private const string Audited = "journal config #2, applied 2026-11-24 19:03:12Z";

    private readonly TempJournalDir dir = new();
    private readonly FakeTimeProvider time = new(Day);
    private readonly EventJournal journal;

    public PostmortemBuilderTests()
    {
        journal = new EventJournal(dir.DbPath, time);
        ScriptedIncident.Write(journal, time);
        time.SetUtcNow(T("22:00:00"));
    }

    public void Dispose()
    {
        journal.Dispose();
        dir.Dispose();
    }

    [Fact]
    public async Task The_draft_has_every_section_in_the_classic_order()
    {
        var markdown = await DraftAsync();

        var headings = markdown.Split('\n').Where(l => l.StartsWith('#')).ToList();
        Assert.Equal(
            [
                "# Postmortem (draft): imbalance on web/a, 2026-11-24",
                "## Summary", "## Timeline", "## Root cause candidates", "## Resolution", "## Corrective actions",
                "## Lessons learned", "## Follow-ups",
            ],
            headings);
        Assert.StartsWith("## Lessons learned\n\n" + PostmortemBuilder.ToBeWritten, Section(markdown, "## Lessons learned"));
        Assert.StartsWith("## Follow-ups\n\n" + PostmortemBuilder.ToBeWritten, Section(markdown, "## Follow-ups"));
        Assert.DoesNotContain("\n\n\n", markdown);
    }

    [Fact]
    public async Task The_summary_carries_the_times_duration_and_impact_from_the_journal()
    {
        var summary = Section(await DraftAsync(), "## Summary");

        Assert.Contains("- **Start:** 2026-11-24 19:04:00Z (imbalance on web/a triggered, the alert that fired first)", summary);
        Assert.Contains("- **First alert fired:** imbalance on web/a at 2026-11-24 19:04:30Z, 30 s after the start", summary);
        Assert.Contains("- **Config in force:** config.applied at 2026-11-24 19:03:12Z, FORCED past the audit, 48 s before the start", summary);
        Assert.Contains("- **First notification delivered:** 2026-11-24 19:04:31Z (firing imbalance sent to oncall (webhook))", summary);
        Assert.Contains("- **Acknowledged:** 2026-11-24 19:21:00Z", summary);
        Assert.Contains("- **End:** 2026-11-24 19:40:00Z (last alert resolved)", summary);
        Assert.Contains("- **Duration:** 36 min", summary);
        Assert.Contains("- **Impact:** 240 of 1,200 requests failed (20.0 %); peak error rate 20.0 % (source: counts recorded by alerts in the journal", summary);
        Assert.Contains("- **Notifications:** 2 delivered, 1 failed", summary);
        Assert.Contains("- imbalance on web/a (A1): triggered 19:04:00Z, firing 19:04:30Z, acknowledged 19:21:00Z, resolved 19:40:00Z", summary);
        Assert.DoesNotContain("error-rate", summary); // the morning incident is another story
    }

    [Fact]
    public async Task The_timeline_section_holds_every_event_of_the_window()
    {
        var timeline = Section(await DraftAsync(), "## Timeline");

        Assert.Contains("2026-11-24 19:03:12Z  config.applied       web: weights a 1→4 (forced past audit)", timeline);
        Assert.Contains("2026-11-24 19:38:00Z  config.rollback      web: back to config #1 (weights a 4→1)", timeline);
        Assert.Equal(10, timeline.Split('\n').Count(l => l.StartsWith("2026-11-24 ")));
        Assert.DoesNotContain("b unhealthy", timeline);
    }

    [Fact]
    public async Task Root_causes_resolution_and_corrective_actions_come_from_the_alerts_the_rollback_and_the_findings()
    {
        var markdown = await DraftAsync();
        var causes = Section(markdown, "## Root cause candidates");
        var resolution = Section(markdown, "## Resolution");
        var actions = Section(markdown, "## Corrective actions");

        Assert.StartsWith(
            "- **The config change in force when the incident began** (48 s before the first firing alert triggered): "
            + "config.applied at 2026-11-24 19:03:12Z: web: weights a 1→4 (forced past audit)\n"
            + "  - **Forced past the audit:** web: applied past 1 error-level finding\n",
            causes.Split("confirm or strike each.\n\n")[1]);
        Assert.Contains("- **imbalance on web/a** named the cause: config.applied at 19:03:12Z: weights a 1→4 (forced past audit)", causes);
        Assert.Contains("```diff\n" + Diff + "\n```", causes);
        Assert.Contains("Error-level findings it was forced past:\n\n```text\nFUL003 error: weight 4 sends 67 % to a\n```", causes);
        Assert.DoesNotContain("Earlier config change", causes);
        Assert.Contains("- config.rollback at 2026-11-24 19:38:00Z: web: back to config #1 (weights a 4→1)", resolution);
        Assert.Contains("- The alerts resolved 2 min later, at 2026-11-24 19:40:00Z.", resolution);
        Assert.Contains("Audit findings on " + Audited + ", the config in force when the incident began:", actions);
        Assert.Contains("- [ ] " + Findings[0], actions);
        Assert.Contains("- [ ] " + Findings[1], actions);
    }

    [Fact]
    public async Task Impact_from_the_host_source_is_preferred_over_the_journal()
    {
        var host = new FixedImpact(new IncidentImpact(2_000_000, 412_345, 0.31, 0.004, "proxy counters"));
        var window = await IncidentWindowResolver.ResolveAsync(journal, null, null, time.GetUtcNow());

        var markdown = await new PostmortemBuilder(journal, host, time).BuildAsync(window, Audit);

        Assert.Equal(window, host.AskedFor);
        Assert.Contains("- **Impact:** 412,345 of 2,000,000 requests failed (20.6 %); peak error rate 31.0 %; baseline 0.4 % (source: proxy counters)", markdown);
    }

    [Fact]
    public async Task A_window_without_alerts_says_what_is_unknown_instead_of_inventing_it()
    {
        var window = new IncidentWindow(T("20:30:00"), T("21:30:00"), "as given (--since and --until)");

        var markdown = await new PostmortemBuilder(journal, null, time).BuildAsync(window);

        Assert.Contains("# Postmortem (draft): incident of 2026-11-24", markdown);
        Assert.Contains("- **Impact:** not recorded. _To be written by the team._", markdown);
        Assert.Contains("- No cause was recorded in the journal. _To be written by the team._", markdown);
        Assert.Contains("- No audit was given for the config in force when the incident began", markdown);
        Assert.Contains("2026-11-24 21:00:00Z  health.changed  web/b: b unhealthy (3 failed checks)", markdown);
    }

    private async Task<string> DraftAsync()
    {
        var window = await IncidentWindowResolver.ResolveAsync(journal, null, null, time.GetUtcNow());
        var markdown = await new PostmortemBuilder(journal, null, time).BuildAsync(window, Audit);
        File.WriteAllText(Path.Combine(dir.Folder, "postmortem.md"), markdown);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "postmortem-sample.md"), markdown);
        return markdown;
    }

    /// <summary>The audit the CLI would run; the start of the incident is asked for (checked by PostmortemRulesTests).</summary>
    private static Task<AuditedConfig> Audit(DateTimeOffset at, CancellationToken cancellationToken) => Task.FromResult(new AuditedConfig(Findings, Audited));

    private sealed class FixedImpact(IncidentImpact impact) : IIncidentImpactSource
    {
        public IncidentWindow? AskedFor { get; private set; }

        public Task<IncidentImpact?> GetImpactAsync(IncidentWindow window, CancellationToken cancellationToken)
        {
            AskedFor = window;
            return Task.FromResult<IncidentImpact?>(impact);
        }
    }
}
