using Fulcrum.Journal;

namespace Fulcrum.Incidents;

/// <summary>
/// One alert's life as read back from its alert.* events (grouped by alert id): when it opened, fired, was
/// acknowledged and resolved, and the cause it named.
/// </summary>
internal sealed class AlertSpan
{
    private AlertSpan(string key)
    {
        Key = key;
    }

    /// <summary>The alert id (or "event-N" for an alert event journaled without one).</summary>
    public string Key { get; }

    public string Name { get; private set; } = "alert";

    public string? Cluster { get; private set; }

    public string? Destination { get; private set; }

    /// <summary>First pending or firing (or, if neither is in view, the first event seen).</summary>
    public DateTimeOffset Start { get; private set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset? Firing { get; private set; }

    /// <summary>It fired: only such alerts make an incident (a pending alert that ended without firing told nobody).</summary>
    public bool Fired => Firing is not null;

    public DateTimeOffset? Acknowledged { get; private set; }

    /// <summary>Who acknowledged it (the admin token's name, or the claimed user and address); null when not known.</summary>
    public string? AcknowledgedBy { get; private set; }

    public DateTimeOffset? Resolved { get; private set; }

    public string? Cause { get; private set; }

    public AlertEventDetails? LastDetails { get; private set; }

    /// <summary>"imbalance on web/a".</summary>
    public string Title => Cluster is null ? Name : $"{Name} on {(Destination is null ? Cluster : $"{Cluster}/{Destination}")}";

    /// <summary>Groups alert events into spans, ordered by start (the trigger: first pending or firing).</summary>
    public static IReadOnlyList<AlertSpan> From(IEnumerable<JournalEvent> events)
    {
        var spans = new Dictionary<string, AlertSpan>(StringComparer.Ordinal);
        foreach (var e in events.OrderBy(e => e.Time).ThenBy(e => e.Id))
        {
            if (!e.Kind.StartsWith("alert.", StringComparison.Ordinal))
            {
                continue;
            }
            var key = e.AlertId ?? $"event-{e.Id}";
            if (!spans.TryGetValue(key, out var span))
            {
                spans[key] = span = new AlertSpan(key);
            }
            span.Add(e);
        }
        return spans.Values.OrderBy(s => s.Start).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
    }

    private void Add(JournalEvent e)
    {
        Cluster ??= e.Cluster;
        Destination ??= e.Destination;
        var details = AlertEventDetails.Parse(e.Details);
        if (details is not null)
        {
            LastDetails = details;
            Name = details.Name ?? Name;
            Cause = details.Cause ?? Cause;
        }
        if (e.Kind is EventKinds.AlertPending or EventKinds.AlertFiring || Start == DateTimeOffset.MaxValue)
        {
            Start = e.Time < Start ? e.Time : Start;
        }
        switch (e.Kind)
        {
            case EventKinds.AlertFiring:
                Firing ??= e.Time;
                break;
            case EventKinds.AlertAcknowledged:
                if (Acknowledged is null)
                {
                    Acknowledged = e.Time;
                    AcknowledgedBy = details?.By;
                }
                break;
            case EventKinds.AlertResolved:
                Resolved = e.Time;
                break;
        }
    }
}
