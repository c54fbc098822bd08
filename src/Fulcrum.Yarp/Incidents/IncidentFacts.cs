using Fulcrum.Journal;

namespace Fulcrum.Incidents;

/// <summary>What the journal says about one incident window, digested for the postmortem.</summary>
internal sealed class IncidentFacts
{
    public IncidentFacts(IncidentWindow window, IReadOnlyList<TimelineEntry> timeline)
    {
        Window = window;
        Timeline = timeline;
        var events = timeline.Select(t => t.Event).ToList();
        Alerts = AlertSpan.From(events);
        ConfigChanges = events.Where(e => EventKinds.ConfigChanges.Contains(e.Kind)).ToList();
        Sent = events.Where(e => e.Kind == EventKinds.NotificationSent).ToList();
        Failed = events.Where(e => e.Kind == EventKinds.NotificationFailed).ToList();
        FirstAlert = Alerts.Count == 0 ? null : Alerts[0];
        var firstAlertStart = FirstAlert?.Start ?? window.End;
        Suspect = ConfigChanges.LastOrDefault(c => c.Time <= firstAlertStart);
        AllResolved = Alerts.Count > 0 && Alerts.All(a => a.Resolved is not null);
        LastResolved = AllResolved ? Alerts.Max(a => a.Resolved!.Value) : null;
        Resolution = FirstAlert is null
            ? null
            : ConfigChanges.LastOrDefault(c => c.Time > FirstAlert.Start && c.Time <= (LastResolved ?? window.End));
        Start = Suspect?.Time ?? FirstAlert?.Start ?? window.Start;
        End = LastResolved ?? window.End;
    }

    public IncidentWindow Window { get; }

    public IReadOnlyList<TimelineEntry> Timeline { get; }

    public IReadOnlyList<AlertSpan> Alerts { get; }

    public IReadOnlyList<JournalEvent> ConfigChanges { get; }

    public IReadOnlyList<JournalEvent> Sent { get; }

    public IReadOnlyList<JournalEvent> Failed { get; }

    public AlertSpan? FirstAlert { get; }

    /// <summary>The last config change at or before the first alert: the prime suspect.</summary>
    public JournalEvent? Suspect { get; }

    /// <summary>The last config change after the first alert and no later than the last resolve: what likely ended it.</summary>
    public JournalEvent? Resolution { get; }

    public bool AllResolved { get; }

    public DateTimeOffset? LastResolved { get; }

    /// <summary>When the trouble began: the suspect change, else the first alert, else the window start.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>When it ended: the last resolve, else the window end.</summary>
    public DateTimeOffset End { get; }

    public DateTimeOffset? FirstFiring => Alerts.Select(a => a.Firing).Where(f => f is not null).Min();

    public DateTimeOffset? FirstAcknowledged => Alerts.Select(a => a.Acknowledged).Where(f => f is not null).Min();
}
