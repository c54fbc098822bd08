using Fulcrum.Journal;

namespace Fulcrum.Incidents;

/// <summary>
/// Chooses the span of <c>fulcrum timeline</c> / <c>fulcrum postmortem</c>. Bounds given by the operator always win:
/// both given → exactly that; only --since → since to now. Otherwise the window is the LATEST incident ending at or
/// before --until (or now): alerts that FIRED and whose lives overlap or follow within
/// <see cref="IncidentWindowOptions.MergeGap"/> form one incident, from the trigger (when it went pending) of the one
/// that fired first to the last resolve plus <see cref="IncidentWindowOptions.TrailingPad"/> (to the end if one is still
/// open); the start moves back to the config change in force at that trigger, when it is within
/// <see cref="IncidentWindowOptions.CauseLookback"/> — that change is the prime suspect and belongs in the story — and
/// to the trigger of any alert of the incident that went pending earlier and fired later, so its story is whole.
/// A pending alert that never fired told nobody and makes no incident (a latency blip while a process warms up must
/// not pull the incident back to the start). With no fired alert in the journal: the last
/// <see cref="IncidentWindowOptions.NoAlertWindow"/>.
/// </summary>
internal static class IncidentWindowResolver
{
    private const int MaxAlertEvents = 100_000;

    public static async Task<IncidentWindow> ResolveAsync(
        IJournalReader journal,
        DateTimeOffset? since,
        DateTimeOffset? until,
        DateTimeOffset now,
        IncidentWindowOptions? options = null,
        CancellationToken cancellationToken = default)
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
        var alertEvents = await journal.ReadAsync(since: end - options.Lookback, until: end, limit: MaxAlertEvents, kinds: EventKinds.AlertStates,
            cancellationToken: cancellationToken);
        var spans = AlertSpan.From(alertEvents).Where(a => a.Fired).ToList();
        if (spans.Count == 0)
        {
            return new IncidentWindow(end - options.NoAlertWindow, end,
                $"no alert fired in the {Durations.Span(options.Lookback)} before {Durations.Stamp(end)}: the last {Durations.Span(options.NoAlertWindow)}");
        }
        var incident = LatestIncident(spans, end, options.MergeGap);
        var first = incident.OrderBy(a => a.Firing).ThenBy(a => a.Start).First();
        var earliest = incident[0].Start;
        var lastResolve = incident.All(a => a.Resolved is not null) ? incident.Max(a => a.Resolved!.Value) : (DateTimeOffset?)null;
        var windowEnd = lastResolve is { } resolved ? Min(resolved + options.TrailingPad, end) : end;
        var endReason = lastResolve is { } r
            ? $"{Durations.Span(options.TrailingPad)} after the last alert resolved at {Durations.Stamp(r)}"
            : "the end, an alert still being open";

        var inForce = await ConfigInForce.AtAsync(journal, incident.Select(a => a.Cluster), first.Start, cancellationToken);
        if (inForce is { Change: var change } && first.Start - change.Time <= options.CauseLookback)
        {
            // From its first event, so a forced change's note (who, why, the findings) is in the story too.
            return new IncidentWindow(Min(inForce.Began, earliest), windowEnd,
                $"from the config change ({change.Kind}) at {Durations.Stamp(change.Time)} in force when the first firing alert "
                + $"triggered ({first.Title} at {Durations.Stamp(first.Start)}) to {endReason}");
        }
        return new IncidentWindow(earliest, windowEnd,
            $"from the first firing alert's trigger ({first.Title} at {Durations.Stamp(first.Start)}) to {endReason}");
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

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
