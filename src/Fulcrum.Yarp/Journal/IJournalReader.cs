namespace Fulcrum.Journal;

/// <summary>
/// The journal as <c>fulcrum timeline</c> and <c>fulcrum postmortem</c> read it: this instance's SQLite file
/// (<see cref="EventJournal"/>), or, in a fleet, the shared store holding every instance's events, each naming its
/// <see cref="JournalEvent.Instance"/>. Both keep the same columns and the same meaning of every query.
/// </summary>
internal interface IJournalReader
{
    /// <summary>Where the events are read from, for the reports' first line: a file path or "fleet store".</summary>
    string Location { get; }

    /// <summary>
    /// Events in id order, oldest first: id greater than <paramref name="sinceId"/>, time within
    /// [<paramref name="since"/>, <paramref name="until"/>], kind among <paramref name="kinds"/>; at most
    /// <paramref name="limit"/>. Poll with the last id seen as <paramref name="sinceId"/> to follow the journal.
    /// </summary>
    IReadOnlyList<JournalEvent> Read(
        long? sinceId = null,
        DateTimeOffset? since = null,
        DateTimeOffset? until = null,
        int limit = EventJournal.DefaultReadLimit,
        IReadOnlyCollection<string>? kinds = null);

    /// <summary>The newest <paramref name="count"/> events (highest ids), oldest first: a dashboard's or a poller's start.</summary>
    IReadOnlyList<JournalEvent> ReadLatest(int count);

    /// <summary>
    /// <see cref="Read"/> for request paths (<c>GET /api/events</c>): a store across the network (the fleet journal) is
    /// awaited rather than waited on, so a slow or stopped PostgreSQL holds no thread-pool thread per request.
    /// </summary>
    Task<IReadOnlyList<JournalEvent>> ReadAsync(
        long? sinceId = null,
        DateTimeOffset? since = null,
        DateTimeOffset? until = null,
        int limit = EventJournal.DefaultReadLimit,
        IReadOnlyCollection<string>? kinds = null,
        CancellationToken cancellationToken = default);

    /// <summary><see cref="ReadLatest"/> for request paths, as <see cref="ReadAsync"/>.</summary>
    Task<IReadOnlyList<JournalEvent>> ReadLatestAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// The latest event of one of <paramref name="kinds"/> strictly before <paramref name="before"/> that concerns
    /// <paramref name="cluster"/> (an event with no cluster is global and concerns every cluster).
    /// </summary>
    JournalEvent? FindLatest(IReadOnlyCollection<string> kinds, string? cluster, DateTimeOffset before);

    /// <summary><see cref="FindLatest"/>, awaited: what <c>fulcrum timeline</c> and <c>fulcrum postmortem</c> call, as <see cref="ReadAsync"/>.</summary>
    Task<JournalEvent?> FindLatestAsync(IReadOnlyCollection<string> kinds, string? cluster, DateTimeOffset before, CancellationToken cancellationToken = default);
}
