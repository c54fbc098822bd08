using Fulcrum.Journal;

namespace Fulcrum.Incidents;

/// <summary>
/// One config change as the journal tells it: the <c>config.applied</c> or <c>config.rollback</c> event (its summary
/// and diff) and, when it was forced past the audit, the <c>config.forced</c> note written with it (who forced it,
/// why, and the error-level findings it was forced past).
/// </summary>
internal sealed record JournaledChange(JournalEvent Change, JournalEvent? ForcedNote)
{
    public DateTimeOffset Time => Change.Time;

    /// <summary>The first of its events: the forced note is stamped just before the change it goes with.</summary>
    public DateTimeOffset Began => ForcedNote is { } note && note.Time < Change.Time ? note.Time : Change.Time;

    public bool Forced => ForcedNote is not null || Change.Kind == EventKinds.ConfigForced;

    /// <summary>The findings it was forced past (one per line), or null when it was not forced.</summary>
    public string? ForcedFindings => ForcedNote?.Details ?? (Change.Kind == EventKinds.ConfigForced ? Change.Details : null);

    /// <summary>The changes among <paramref name="events"/> (oldest first), each forced note paired with the change after it.</summary>
    public static IReadOnlyList<JournaledChange> FromEvents(IReadOnlyList<JournalEvent> events)
    {
        var changes = new List<JournaledChange>();
        JournalEvent? note = null;
        foreach (var e in events.Where(e => EventKinds.ConfigChanges.Contains(e.Kind)))
        {
            if (note is not null)
            {
                var paired = e.Kind != EventKinds.ConfigForced && e.Time - note.Time <= ConfigInForce.PairSlack;
                changes.Add(paired ? new JournaledChange(e, note) : new JournaledChange(note, null));
                note = null;
                if (paired)
                {
                    continue;
                }
            }
            if (e.Kind == EventKinds.ConfigForced)
            {
                note = e;
            }
            else
            {
                changes.Add(new JournaledChange(e, null));
            }
        }
        if (note is not null)
        {
            changes.Add(new JournaledChange(note, null));
        }
        return changes;
    }

    /// <summary>The same change (by its event), whichever half it was found by.</summary>
    public bool IsSame(JournaledChange other) => Change.Id == other.Change.Id || (ForcedNote is { } n && n.Id == other.Change.Id);
}

/// <summary>Finds the config change in force at a time: the newest change at or before it, paired with its forced note.</summary>
internal static class ConfigInForce
{
    /// <summary>A forced note and its change are written together; this is how far apart they may be stamped.</summary>
    public static readonly TimeSpan PairSlack = TimeSpan.FromSeconds(1);

    private static readonly string[] Changes = [EventKinds.ConfigApplied, EventKinds.ConfigRollback];

    /// <summary>
    /// The newest config change at or before <paramref name="at"/> concerning any of <paramref name="clusters"/>
    /// (a change with no cluster is global and concerns all), or null when the journal has none.
    /// </summary>
    public static async Task<JournaledChange?> AtAsync(IJournalReader journal, IEnumerable<string?> clusters, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var wanted = clusters.Distinct().ToList();
        if (wanted.Count == 0)
        {
            wanted.Add(null);
        }
        // The journal keeps milliseconds: "at or before" is "before the next millisecond".
        var before = at.AddMilliseconds(1);
        JournalEvent? latest = null;
        string? cluster = null;
        foreach (var c in wanted)
        {
            var found = await journal.FindLatestAsync(EventKinds.ConfigChanges, c, before, cancellationToken);
            if (found is not null && (latest is null || (found.Time, found.Id).CompareTo((latest.Time, latest.Id)) > 0))
            {
                (latest, cluster) = (found, c);
            }
        }
        return latest is null ? null : await PairAsync(journal, latest, cluster, cancellationToken);
    }

    /// <summary>Pairs <paramref name="e"/> (a change or a forced note) with its other half, when it has one.</summary>
    public static async Task<JournaledChange> PairAsync(IJournalReader journal, JournalEvent e, string? cluster, CancellationToken cancellationToken)
    {
        if (e.Kind == EventKinds.ConfigForced)
        {
            // The note is written just before its change.
            var change = await journal.FindLatestAsync(Changes, cluster, e.Time + PairSlack, cancellationToken);
            return change is not null && change.Time >= e.Time && change.Id > e.Id ? new JournaledChange(change, e) : new JournaledChange(e, null);
        }
        var note = await journal.FindLatestAsync([EventKinds.ConfigForced], cluster, e.Time.AddMilliseconds(1), cancellationToken);
        return note is not null && e.Time - note.Time <= PairSlack && note.Id < e.Id && !await ChangedBetweenAsync(journal, note, e, cluster, cancellationToken)
            ? new JournaledChange(e, note)
            : new JournaledChange(e, null);
    }

    /// <summary>True when another change came between a forced note and <paramref name="change"/> (the note is not its).</summary>
    private static async Task<bool> ChangedBetweenAsync(IJournalReader journal, JournalEvent note, JournalEvent change, string? cluster,
        CancellationToken cancellationToken) =>
        await journal.FindLatestAsync(Changes, cluster, change.Time, cancellationToken) is { } previous && previous.Id > note.Id;
}
