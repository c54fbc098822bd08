using Fulcrum.Journal;

namespace Fulcrum.Incidents;

/// <summary>
/// What the journal says about one incident window, digested for the postmortem. Only alerts that fired count: the
/// headline is the one that fired first, the incident starts at its trigger (when it went pending), and the
/// prime suspect is the config change in force at the start (looked up in the whole journal, so a change before
/// the window still counts), with the note saying it was forced past the audit, by whom and why.
/// </summary>
internal sealed class IncidentFacts
{
    /// <summary>The facts of <paramref name="timeline"/>, with the config change in force at the start read from the whole journal.</summary>
    public static async Task<IncidentFacts> CreateAsync(IncidentWindow window, IReadOnlyList<TimelineEntry> timeline, IJournalReader journal,
        CancellationToken cancellationToken)
    {
        var facts = new IncidentFacts(window, timeline);
        if (facts.Alerts.Count > 0)
        {
            facts.Suspect = await ConfigInForce.AtAsync(journal, facts.Alerts.Select(a => a.Cluster), facts.Start, cancellationToken);
            facts.ForcedBefore = facts.Suspect is null || facts.Suspect.Forced ? null : LastForcedNotRolledBack(facts.ConfigChanges, facts.Suspect, facts.Start);
        }
        return facts;
    }

    private IncidentFacts(IncidentWindow window, IReadOnlyList<TimelineEntry> timeline)
    {
        Window = window;
        Timeline = timeline;
        var events = timeline.Select(t => t.Event).ToList();
        var spans = AlertSpan.From(events);
        Alerts = spans.Where(a => a.Fired).ToList();
        EndedWithoutFiring = spans.Where(a => !a.Fired).ToList();
        ConfigChanges = events.Where(e => EventKinds.ConfigChanges.Contains(e.Kind)).ToList();
        Sent = events.Where(e => e.Kind == EventKinds.NotificationSent).ToList();
        Failed = events.Where(e => e.Kind == EventKinds.NotificationFailed).ToList();
        FirstAlert = Alerts.OrderBy(a => a.Firing).ThenBy(a => a.Start).FirstOrDefault();
        // The trigger of the alert that fired first, not the earliest pending: an alert pending since a start-up blip
        // that fired only later must not pull the incident back to the process start and its initial config.
        Start = FirstAlert?.Start ?? window.Start;
        AllResolved = Alerts.Count > 0 && Alerts.All(a => a.Resolved is not null);
        LastResolved = AllResolved ? Alerts.Max(a => a.Resolved!.Value) : null;
        Resolution = Alerts.Count == 0
            ? null
            : ConfigChanges.LastOrDefault(c => c.Kind != EventKinds.ConfigForced && c.Time > Start && c.Time <= (LastResolved ?? window.End));
        End = LastResolved ?? window.End;
    }

    public IncidentWindow Window { get; }

    public IReadOnlyList<TimelineEntry> Timeline { get; }

    /// <summary>The alerts that fired, in trigger order.</summary>
    public IReadOnlyList<AlertSpan> Alerts { get; }

    /// <summary>Alerts that went pending and ended without firing: nobody was told, so they are not the incident.</summary>
    public IReadOnlyList<AlertSpan> EndedWithoutFiring { get; }

    public IReadOnlyList<JournalEvent> ConfigChanges { get; }

    public IReadOnlyList<JournalEvent> Sent { get; }

    public IReadOnlyList<JournalEvent> Failed { get; }

    /// <summary>The alert that fired first: the headline.</summary>
    public AlertSpan? FirstAlert { get; }

    /// <summary>The config change in force when the incident began: the prime suspect.</summary>
    public JournaledChange? Suspect { get; private set; }

    /// <summary>
    /// A change forced past the audit before the start that a later, unforced change in force followed, with no
    /// rollback between: forced changes come first among the root causes (issue 12), since the later change passed
    /// the audit on top of what was forced (a capacity added to a forced weight) rather than undoing it.
    /// </summary>
    public JournaledChange? ForcedBefore { get; private set; }

    /// <summary>The last config change after the start and no later than the last resolve: what likely ended it.</summary>
    public JournalEvent? Resolution { get; }

    public bool AllResolved { get; }

    public DateTimeOffset? LastResolved { get; }

    /// <summary>When the trouble began: the trigger of the alert that fired first, else the window start.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>When it ended: the last resolve, else the window end.</summary>
    public DateTimeOffset End { get; }

    public DateTimeOffset? FirstFiring => FirstAlert?.Firing;

    private static JournaledChange? LastForcedNotRolledBack(IReadOnlyList<JournalEvent> changes, JournaledChange inForce, DateTimeOffset start)
    {
        var before = JournaledChange.FromEvents(changes).Where(c => c.Time <= start && !c.IsSame(inForce)).ToList();
        var forced = before.LastOrDefault(c => c.Forced);
        var undone = before.Append(inForce).Any(c => c.Change.Kind == EventKinds.ConfigRollback && forced is not null && c.Time >= forced.Time);
        return undone ? null : forced;
    }

    public DateTimeOffset? FirstAcknowledged => Alerts.Select(a => a.Acknowledged).Where(f => f is not null).Min();

    /// <summary>Who made the first acknowledgement, when the journal says.</summary>
    public string? FirstAcknowledgedBy => Alerts.Where(a => a.Acknowledged is not null).MinBy(a => a.Acknowledged)?.AcknowledgedBy;
}
