using System.Text;
using Fulcrum.Journal;

namespace Fulcrum.Incidents;

/// <summary>The sections of the postmortem draft, one method each.</summary>
internal static class PostmortemSections
{
    public static void Summary(StringBuilder md, IncidentFacts f, IncidentImpact? impact)
    {
        md.Append("## Summary\n\n");
        md.Append("- **Start:** ").Append(Durations.Stamp(f.Start))
            .Append(f.FirstAlert is { } headline ? $" ({headline.Title} triggered, the alert that fired first)" : " (no alert fired: the window start)").Append('\n');
        if (f.FirstAlert is { Firing: { } fired } first)
        {
            md.Append("- **First alert fired:** ").Append(first.Title).Append(" at ").Append(Durations.Stamp(fired))
                .Append(", ").Append(Durations.Span(fired - f.Start)).Append(" after the start\n");
        }
        if (f.Suspect is { } suspect)
        {
            md.Append("- **Config in force:** ").Append(suspect.Change.Kind).Append(" at ").Append(Durations.Stamp(suspect.Time))
                .Append(suspect.Forced ? ", FORCED past the audit" : "")
                .Append(", ").Append(Durations.Span(f.Start - suspect.Time)).Append(" before the start\n");
        }
        md.Append("- **First notification delivered:** ").Append(f.Sent.Count == 0 ? "none" : $"{Durations.Stamp(f.Sent[0].Time)} ({f.Sent[0].Summary})").Append('\n');
        if (f.FirstAcknowledged is { } ack)
        {
            md.Append("- **Acknowledged:** ").Append(Durations.Stamp(ack)).Append(f.FirstAcknowledgedBy is { } by ? $" by {by}" : "").Append('\n');
        }
        md.Append("- **End:** ").Append(f.AllResolved ? $"{Durations.Stamp(f.End)} (last alert resolved)" : $"not resolved by {Durations.Stamp(f.End)}, the end of the window").Append('\n');
        md.Append("- **Duration:** ").Append(Durations.Span(f.End - f.Start)).Append(f.AllResolved ? "" : " so far").Append('\n');
        md.Append("- **Impact:** ").Append(ImpactText(impact)).Append('\n');
        md.Append("- **Notifications:** ").Append(f.Sent.Count).Append(" delivered, ").Append(f.Failed.Count).Append(" failed\n");
        md.Append("- **Window of this report:** ").Append(Durations.Stamp(f.Window.Start)).Append(" to ").Append(Durations.Stamp(f.Window.End))
            .Append(", ").Append(f.Window.Reason).Append("\n\n");
        if (f.Alerts.Count > 0)
        {
            md.Append("Alerts that fired:\n\n");
            foreach (var a in f.Alerts)
            {
                md.Append("- ").Append(a.Title).Append(" (").Append(a.Key).Append("): triggered ").Append(Durations.Clock(a.Start));
                AppendIf(md, ", firing ", a.Firing);
                AppendIf(md, ", acknowledged ", a.Acknowledged);
                md.Append(a.Acknowledged is not null && a.AcknowledgedBy is { } by ? $" by {by}" : "");
                md.Append(a.Resolved is { } r ? $", resolved {Durations.Clock(r)}" : ", not resolved").Append('\n');
            }
            md.Append('\n');
        }
        if (f.EndedWithoutFiring.Count > 0)
        {
            md.Append("Alerts that went pending but never fired (nobody was told; not part of the incident):\n\n");
            foreach (var a in f.EndedWithoutFiring)
            {
                md.Append("- ").Append(a.Title).Append(" (").Append(a.Key).Append("): pending ").Append(Durations.Clock(a.Start))
                    .Append(a.Resolved is { } r ? $", ended {Durations.Clock(r)} without firing" : ", still pending").Append('\n');
            }
            md.Append('\n');
        }
    }

    public static void RootCauses(StringBuilder md, IncidentFacts f)
    {
        md.Append("## Root cause candidates\n\nCandidates from the journal, not conclusions: confirm or strike each.\n\n");
        var any = false;
        if (f.ForcedBefore is { } forced)
        {
            md.Append("- **The change forced past the audit before the incident began** (").Append(Durations.Span(f.Start - forced.Time))
                .Append(" before the first firing alert triggered; the unforced change below came on top of it)");
            AppendChange(md, forced);
            any = true;
        }
        if (f.Suspect is { } suspect)
        {
            md.Append("- **The config change in force when the incident began** (").Append(Durations.Span(f.Start - suspect.Time))
                .Append(" before the first firing alert triggered)");
            AppendChange(md, suspect);
            any = true;
        }
        foreach (var group in f.Alerts.Where(a => a.Cause is not null).GroupBy(a => a.Cause!, StringComparer.Ordinal))
        {
            var alerts = string.Join(", ", group.Select(a => $"**{a.Title}**"));
            // An alert pending since before the change in force names the config it saw then; that config no longer
            // served when the incident began, so it is no candidate (an "initial config" must not pose as the cause).
            if (f.Suspect is { } inForce && Operations.AlertCauseFinder.EventOf(group.Key) is { } named
                && EventKinds.ConfigChanges.Contains(named.Kind) && named.Id < inForce.Change.Id && named.Id != inForce.ForcedNote?.Id)
            {
                md.Append("- ").Append(alerts).Append(" went pending under an earlier config (").Append(named.Kind).Append(" #").Append(named.Id)
                    .Append("), replaced before the incident began by the change above\n");
                continue;
            }
            md.Append("- ").Append(alerts).Append(" named the cause: ").Append(group.Key).Append('\n');
            any = true;
        }
        // Other changes of the window before the start, forced ones first: a change forced past the audit is the
        // likelier culprit of two.
        var others = JournaledChange.FromEvents(f.ConfigChanges)
            .Where(c => c.Time <= f.Start && (f.Suspect is null || !c.IsSame(f.Suspect)) && (f.ForcedBefore is null || !c.IsSame(f.ForcedBefore)))
            .OrderByDescending(c => c.Forced)
            .ThenByDescending(c => c.Time);
        foreach (var change in others)
        {
            md.Append("- Earlier config change");
            AppendChange(md, change);
            any = true;
        }
        if (!any)
        {
            md.Append("- No cause was recorded in the journal. ").Append(PostmortemBuilder.ToBeWritten).Append('\n');
        }
        EndParagraph(md);
    }

    /// <summary>": config.applied at …: summary", then whether and by whom it was forced, its diff and the findings forced past.</summary>
    private static void AppendChange(StringBuilder md, JournaledChange change)
    {
        md.Append(": ").Append(change.Change.Kind).Append(" at ").Append(Durations.Stamp(change.Time)).Append(": ").Append(Describe(change.Change)).Append('\n');
        if (change.ForcedNote is { } note)
        {
            md.Append("  - **Forced past the audit:** ").Append(Describe(note)).Append('\n');
        }
        AppendDetails(md, change.Change);
        if (change.ForcedNote is not null && change.ForcedFindings is { } findings && !string.IsNullOrWhiteSpace(findings))
        {
            md.Append("Error-level findings it was forced past:\n\n");
            Fence(md, findings, "text");
        }
    }

    public static void Resolution(StringBuilder md, IncidentFacts f)
    {
        md.Append("## Resolution\n\n");
        if (f.Resolution is { } change)
        {
            md.Append("- ").Append(change.Kind).Append(" at ").Append(Durations.Stamp(change.Time)).Append(": ").Append(Describe(change)).Append('\n');
            AppendDetails(md, change);
            if (f.LastResolved is { } resolved)
            {
                md.Append("- The alerts resolved ").Append(Durations.Span(resolved - change.Time)).Append(" later, at ").Append(Durations.Stamp(resolved)).Append(".\n");
            }
        }
        else if (f.AllResolved)
        {
            md.Append("- The alerts resolved at ").Append(Durations.Stamp(f.LastResolved!.Value))
                .Append(" with no config change recorded after the first alert. How it ended: ").Append(PostmortemBuilder.ToBeWritten).Append('\n');
        }
        else
        {
            md.Append("- Not resolved by the end of the window; still open: ")
                .Append(string.Join(", ", f.Alerts.Where(a => a.Resolved is null).Select(a => a.Title))).Append(".\n");
        }
        EndParagraph(md);
    }

    public static void CorrectiveActions(StringBuilder md, AuditedConfig? audit)
    {
        md.Append("## Corrective actions\n\n");
        if (audit is null)
        {
            md.Append("- No audit was given for the config in force when the incident began (run `fulcrum audit` on it).\n");
        }
        else if (audit.Findings.Count == 0)
        {
            md.Append("- The audit of ").Append(audit.Source).Append(", the config in force when the incident began, found nothing to act on.\n");
        }
        else
        {
            md.Append("Audit findings on ").Append(audit.Source).Append(", the config in force when the incident began:\n\n");
            foreach (var finding in audit.Findings)
            {
                md.Append("- [ ] ").Append(finding.ReplaceLineEndings(" ")).Append('\n');
            }
            md.Append('\n');
        }
        md.Append("- Further actions: ").Append(PostmortemBuilder.ToBeWritten).Append("\n\n");
    }

    /// <summary>A fenced block long enough that no backtick run inside can close it.</summary>
    public static void Fence(StringBuilder md, string content, string language)
    {
        var longestRun = 0;
        var run = 0;
        foreach (var c in content)
        {
            run = c == '`' ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }
        var fence = new string('`', Math.Max(3, longestRun + 1));
        md.Append(fence).Append(language).Append('\n').Append(content.TrimEnd()).Append('\n').Append(fence).Append("\n\n");
    }

    private static string ImpactText(IncidentImpact? impact)
    {
        if (impact is null)
        {
            return "not recorded. " + PostmortemBuilder.ToBeWritten + " (e.g. from fulcrum_requests_total in Prometheus)";
        }
        var parts = new List<string>();
        if (impact.Requests is { } requests && impact.FailedRequests is { } failed)
        {
            parts.Add($"{Durations.Count(failed)} of {Durations.Count(requests)} requests failed ({Durations.Percent(impact.ErrorRate ?? 0)})");
        }
        else if (impact.Requests is { } onlyRequests)
        {
            parts.Add($"{Durations.Count(onlyRequests)} requests");
        }
        if (impact.PeakErrorRate is { } peak)
        {
            parts.Add($"peak error rate {Durations.Percent(peak)}");
        }
        if (impact.BaselineErrorRate is { } baseline)
        {
            parts.Add($"baseline {Durations.Percent(baseline)}");
        }
        return $"{string.Join("; ", parts)} (source: {impact.Source})";
    }

    private static void AppendDetails(StringBuilder md, JournalEvent e)
    {
        if (!string.IsNullOrWhiteSpace(e.Details))
        {
            md.Append('\n');
            // Applies and rollbacks carry a diff; refusals and forced applies carry findings, which are plain text.
            Fence(md, e.Details, e.Kind is EventKinds.ConfigApplied or EventKinds.ConfigRollback ? "diff" : "text");
        }
    }

    /// <summary>Exactly one blank line before the next section, whether or not a fenced block just ended.</summary>
    private static void EndParagraph(StringBuilder md)
    {
        if (md.Length < 2 || md[^1] != '\n' || md[^2] != '\n')
        {
            md.Append('\n');
        }
    }

    private static void AppendIf(StringBuilder md, string label, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            md.Append(label).Append(Durations.Clock(t));
        }
    }

    private static string Describe(JournalEvent e) => e.ScopedSummary;
}
