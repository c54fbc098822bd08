using Fulcrum.Journal;

namespace Fulcrum.Incidents;

/// <summary>
/// Chooses the span of <c>fulcrum timeline</c> / <c>fulcrum postmortem</c>. Bounds given by the operator always win:
/// both given → exactly that; only --since → since to now. Otherwise the window is the LATEST incident ending at or
/// before --until (or now): alerts whose lives overlap or follow within <see cref="IncidentWindowOptions.MergeGap"/>
/// form one incident, from the first alert opening (pending or firing) to the last resolve plus
/// <see cref="IncidentWindowOptions.TrailingPad"/> (to the end if one is still open), and the start moves back to the
/// config change that preceded the first alert, when there is one within
/// <see cref="IncidentWindowOptions.CauseLookback"/> — that change is the prime suspect and belongs in the story.
/// With no alert in the journal: the last <see cref="IncidentWindowOptions.NoAlertWindow"/>.
/// </summary>
internal static class IncidentWindowResolver
{
    private const int MaxAlertEvents = 100_000;

    public static IncidentWindow Resolve(
        IJournalReader journal,
        DateTimeOffset? since,
        DateTimeOffset? until,
        DateTimeOffset now,
        IncidentWindowOptions? options = null)
    {
        options ??= new IncidentWindowOptions();
        if (since is { } s && until is { } u)
        {
            return new IncidentWindow(s, u, "as given (--since and --until)");
        }
        if (since is { } from)
        {
            return new IncidentWindow(from, now, "from --since to now");
        }
        var end = until ?? now;
        var alertEvents = journal.Read(since: end - options.Lookback, until: end, limit: MaxAlertEvents, kinds: EventKinds.AlertStates);
        var spans = AlertSpan.From(alertEvents);
        if (spans.Count == 0)
        {
            return new IncidentWindow(end - options.NoAlertWindow, end,
                $"no alert in the journal in the {Durations.Span(options.Lookback)} before {Durations.Stamp(end)}: the last {Durations.Span(options.NoAlertWindow)}");
        }
        var incident = LatestIncident(spans, end, options.MergeGap);
        var first = incident[0];
        var lastResolve = incident.All(a => a.Resolved is not null) ? incident.Max(a => a.Resolved!.Value) : (DateTimeOffset?)null;
        var windowEnd = lastResolve is { } resolved ? Min(resolved + options.TrailingPad, end) : end;
        var endReason = lastResolve is { } r
            ? $"{Durations.Span(options.TrailingPad)} after the last alert resolved at {Durations.Stamp(r)}"
            : "the end, an alert still being open";

        var change = PrecedingConfigChange(journal, incident, first.Start);
        if (change is not null && first.Start - change.Time <= options.CauseLookback)
        {
            return new IncidentWindow(change.Time, windowEnd,
                $"from the config change ({change.Kind}) at {Durations.Stamp(change.Time)} before the first alert "
                + $"({first.Title} at {Durations.Stamp(first.Start)}) to {endReason}");
        }
        return new IncidentWindow(first.Start, windowEnd,
            $"from the first alert ({first.Title} at {Durations.Stamp(first.Start)}) to {endReason}");
    }

    /// <summary>The last group of overlapping (or nearly adjacent) alerts, in start order.</summary>
    private static List<AlertSpan> LatestIncident(IReadOnlyList<AlertSpan> spans, DateTimeOffset end, TimeSpan mergeGap)
    {
        var current = new List<AlertSpan>();
        var currentEnd = DateTimeOffset.MinValue;
        foreach (var span in spans)
        {
            if (current.Count > 0 && span.Start > currentEnd + mergeGap)
            {
                current = [];
            }
            current.Add(span);
            var spanEnd = span.Resolved ?? end;
            currentEnd = current.Count == 1 || spanEnd > currentEnd ? spanEnd : currentEnd;
        }
        return current;
    }

    /// <summary>The newest config change before <paramref name="before"/> concerning any alerted cluster (or global).</summary>
    private static JournalEvent? PrecedingConfigChange(IJournalReader journal, List<AlertSpan> incident, DateTimeOffset before)
    {
        JournalEvent? latest = null;
        foreach (var cluster in incident.Select(a => a.Cluster).Distinct())
        {
            var found = journal.FindLatest(EventKinds.ConfigChanges, cluster, before);
            if (found is not null && (latest is null || found.Time > latest.Time))
            {
                latest = found;
            }
        }
        return latest;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
