using Microsoft.Extensions.Logging;

namespace Fulcrum.Journal;

/// <summary>
/// The event journal: everything that happens to the proxy, in a SQLite file (WAL, synchronous=FULL), from which
/// <c>fulcrum timeline</c> and <c>fulcrum postmortem</c> are built and <c>fulcrum rollback</c> finds its config.
/// <para>Two ways in, pick by caller:</para>
/// <list type="bullet">
/// <item><see cref="Append"/> — synchronous and durable: when it returns the event is committed and fsync'd and
/// survives kill -9 and power loss. Costs one fsync (about a millisecond on SSD, more on slow disks). For config
/// applies and refusals, rollbacks, alert state changes, process start and stop: rare events whose loss would hurt.</item>
/// <item><see cref="TryEnqueue"/> — never blocks: the event goes to a bounded queue that a background writer commits
/// in batches. For anything called near the request path (health flaps, ejections, notification outcomes).
/// Not durable until <see cref="FlushAsync"/> completes; a full queue drops the event, returns false, and the drop
/// is journaled as <see cref="EventKinds.JournalOverflow"/>.</item>
/// </list>
/// Thread-safe. Reads run on their own connections and do not wait for writes.
/// </summary>
internal sealed class EventJournal : IJournalReader, IDisposable, IAsyncDisposable
{
    public const int DefaultReadLimit = 1000;
    public const int DefaultQueueCapacity = 10_000;

    private readonly JournalStore store;
    private readonly JournalQueue queue;
    private readonly ConfigHistory configs;
    private readonly JournalPruner pruner;
    private readonly TimeProvider time;
    private int disposed;
    private string? journalId;

    /// <summary>Opens (creating if needed, upgrading if older) the journal at <paramref name="path"/>.</summary>
    /// <exception cref="JournalException">The file is not a journal, is from a newer Fulcrum, or cannot be opened.</exception>
    public EventJournal(string path, TimeProvider time, ILogger<EventJournal>? logger = null, int queueCapacity = DefaultQueueCapacity)
    {
        this.time = time;
        store = new JournalStore(path);
        queue = new JournalQueue(store, time, queueCapacity, logger);
        configs = new ConfigHistory(store, time);
        pruner = new JournalPruner(store);
    }

    public string Path => store.FilePath;

    public string Location => store.FilePath;

    /// <summary>This file's random identity (hex), fixed at creation: the fleet journal's key for events delivered from it.</summary>
    public string JournalId => journalId ??= (string)store.WithWriter(c =>
    {
        using var command = c.CreateCommand();
        command.CommandText = "SELECT id FROM journal_identity";
        return command.ExecuteScalar()!;
    });

    /// <summary>Events dropped by <see cref="TryEnqueue"/> because the queue was full, since this journal opened.</summary>
    public long DroppedEvents => queue.Dropped;

    /// <summary>Queued events the background writer failed to commit (disk full, I/O error); each batch is logged.</summary>
    public long FailedQueuedWrites => queue.FailedWrites;

    /// <summary>Durable append: returns the new id once the event is committed and fsync'd. Stamps the time when unset.</summary>
    public long Append(JournalEvent e) => store.Insert(Stamp(e));

    /// <summary>Non-blocking append through the background writer; false when the queue is full or the journal closed.</summary>
    public bool TryEnqueue(JournalEvent e) => Volatile.Read(ref disposed) == 0 && queue.TryEnqueue(Stamp(e));

    /// <summary>Waits until every event queued before this call is committed.</summary>
    public Task FlushAsync(CancellationToken ct = default) => queue.FlushAsync(ct);

    /// <summary>
    /// Events in id order (= commit order), oldest first: id greater than <paramref name="sinceId"/>, time within
    /// [<paramref name="since"/>, <paramref name="until"/>], kind among <paramref name="kinds"/>; at most
    /// <paramref name="limit"/>. Poll with the last id seen as <paramref name="sinceId"/> to follow the journal.
    /// </summary>
    public IReadOnlyList<JournalEvent> Read(
        long? sinceId = null,
        DateTimeOffset? since = null,
        DateTimeOffset? until = null,
        int limit = DefaultReadLimit,
        IReadOnlyCollection<string>? kinds = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var filter = new EventFilter();
        if (sinceId is { } id)
        {
            filter.Add("id > $sinceId", "$sinceId", id);
        }
        if (since is { } from)
        {
            filter.Add("time_ms >= $since", "$since", from.ToUnixTimeMilliseconds());
        }
        if (until is { } to)
        {
            filter.Add("time_ms <= $until", "$until", to.ToUnixTimeMilliseconds());
        }
        filter.AddKinds(kinds);
        return store.QueryEvents(filter.Where, $"ORDER BY id LIMIT {limit}", filter.Parameters);
    }

    // The local file is read in place: Microsoft.Data.Sqlite's async methods complete synchronously anyway, so the
    // request path gains nothing from an async SQLite call, and a Task.Run would only add a thread hop.
    public Task<IReadOnlyList<JournalEvent>> ReadAsync(long? sinceId = null, DateTimeOffset? since = null, DateTimeOffset? until = null,
        int limit = DefaultReadLimit, IReadOnlyCollection<string>? kinds = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(sinceId, since, until, limit, kinds));

    public Task<IReadOnlyList<JournalEvent>> ReadLatestAsync(int count, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadLatest(count));

    public Task<JournalEvent?> FindLatestAsync(IReadOnlyCollection<string> kinds, string? cluster, DateTimeOffset before, CancellationToken cancellationToken = default) =>
        Task.FromResult(FindLatest(kinds, cluster, before));

    /// <summary>The newest <paramref name="count"/> events, oldest first (for a dashboard's "recent events").</summary>
    public IReadOnlyList<JournalEvent> ReadLatest(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var newestFirst = store.QueryEvents(null, $"ORDER BY id DESC LIMIT {count}", []);
        newestFirst.Reverse();
        return newestFirst;
    }

    /// <summary>
    /// The latest event of one of <paramref name="kinds"/> strictly before <paramref name="before"/> that concerns
    /// <paramref name="cluster"/> — an event with no cluster is global and concerns every cluster. Used to name an
    /// alert's likely cause: <c>FindLatest(EventKinds.ConfigChanges, "web", alertStart)</c>.
    /// </summary>
    public JournalEvent? FindLatest(IReadOnlyCollection<string> kinds, string? cluster, DateTimeOffset before)
    {
        var filter = new EventFilter();
        filter.AddKinds(kinds);
        filter.Add("time_ms < $before", "$before", before.ToUnixTimeMilliseconds());
        if (cluster is not null)
        {
            filter.Add("(cluster = $cluster OR cluster IS NULL)", "$cluster", cluster);
        }
        var found = store.QueryEvents(filter.Where, "ORDER BY time_ms DESC, id DESC LIMIT 1", filter.Parameters);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>
    /// Drops what <paramref name="retention"/> no longer keeps (by age as of now, then the oldest while over the size)
    /// and, when anything went, journals a <see cref="EventKinds.JournalPruned"/> event saying what.
    /// </summary>
    public JournalPruneReport Prune(Fulcrum.Core.Config.JournalRetention retention)
    {
        var report = pruner.Prune(retention, time.GetUtcNow());
        if (report.DroppedAny)
        {
            Append(JournalEvent.Create(EventKinds.JournalPruned, report.Summary(retention), details: report.ToJson()));
        }
        return report;
    }

    /// <summary>Rewrites the file without its free pages (SQLite VACUUM) and folds the WAL in; blocks appends meanwhile.</summary>
    public void Compact() => pruner.Compact();

    /// <summary>The journal's size on disk: the file, its WAL and shared-memory index.</summary>
    public long FileBytes => store.FileBytes();

    /// <summary>
    /// Keeps an applied config's YAML for rollback, and its audit for a restart; returns its config id. Link the
    /// config.applied event if any.
    /// </summary>
    public long RecordConfig(string yaml, long? eventId = null, string? auditKey = null, string? audit = null) =>
        configs.Record(yaml, eventId, auditKey, audit);

    /// <summary>
    /// The audit text stored with the newest config recorded under <paramref name="key"/> (a restart with the same
    /// config text and build reuses it), with that config's id; null when there is none.
    /// </summary>
    public (long ConfigId, string Findings)? FindAudit(string key) => configs.FindAudit(key);

    /// <summary>Marks a config as having served cleanly, which makes it a rollback target.</summary>
    public void MarkConfigClean(long configId) => configs.MarkClean(configId);

    public ConfigRecord? GetConfig(long configId) => configs.Get(configId);

    /// <summary>The most recently recorded config (normally the one serving), or null on a fresh journal.</summary>
    public ConfigRecord? LatestConfig() => configs.Latest();

    /// <summary>
    /// The YAML of the newest config recorded before <paramref name="currentId"/> that served cleanly and differs
    /// from the current one's text (rolling back to identical text would change nothing); null when there is none.
    /// </summary>
    public string? LastCleanConfigBefore(long currentId) => configs.LastCleanBefore(currentId)?.Yaml;

    /// <summary>Like <see cref="LastCleanConfigBefore"/>, with the id and times, for journaling the rollback.</summary>
    public ConfigRecord? FindLastCleanConfigBefore(long currentId) => configs.LastCleanBefore(currentId);

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Drains the queue (every event already accepted is written), then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }
        await queue.DisposeAsync().ConfigureAwait(false);
        store.Dispose();
    }

    private JournalEvent Stamp(JournalEvent e)
    {
        ArgumentException.ThrowIfNullOrEmpty(e.Kind);
        return e.Time == default ? e with { Time = time.GetUtcNow() } : e;
    }
}
