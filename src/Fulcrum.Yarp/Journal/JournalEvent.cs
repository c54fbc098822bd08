namespace Fulcrum.Journal;

/// <summary>
/// One thing that happened, as kept in the journal. <see cref="Kind"/> is one of <see cref="EventKinds"/>;
/// <see cref="Details"/> carries the long form (a readable config diff, audit findings, JSON for alert events,
/// see <see cref="AlertEventDetails"/>). <see cref="Id"/> is assigned by the journal: ids only grow, so
/// "everything after id N" is a reliable cursor for pollers.
/// </summary>
internal sealed record JournalEvent(
    long Id,
    DateTimeOffset Time,
    string Kind,
    string? Cluster,
    string? Destination,
    string Summary,
    string? Details,
    string? AlertId)
{
    /// <summary>
    /// A new event to hand to <see cref="EventJournal.Append"/> or <see cref="EventJournal.TryEnqueue"/>. Id is left 0 and Time
    /// default, which tells the journal to stamp the time itself from its <see cref="TimeProvider"/>. Summary and
    /// details are capped (<see cref="JournalText"/>), so no one event can flood the journal.
    /// </summary>
    public static JournalEvent Create(
        string kind,
        string summary,
        string? cluster = null,
        string? destination = null,
        string? details = null,
        string? alertId = null,
        DateTimeOffset time = default) =>
        new(0, time, kind, cluster, destination,
            JournalText.Bound(summary, JournalText.MaxSummaryChars)!, JournalText.Bound(details, JournalText.MaxDetailsChars), alertId);

    /// <summary>
    /// The fleet instance that wrote the event, as the fleet journal gives it; null in an instance's own journal file
    /// (every event there is its own).
    /// </summary>
    public string? Instance { get; init; }

    /// <summary>"web/a", "web" or "" — the scope an event is about, for display.</summary>
    public string Scope => Cluster is null ? Destination ?? "" : Destination is null ? Cluster : $"{Cluster}/{Destination}";

    /// <summary>"web/a: summary", or the summary alone for an event about no cluster.</summary>
    public string ScopedSummary => Scope.Length == 0 ? Summary : $"{Scope}: {Summary}";
}
