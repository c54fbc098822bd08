using System.Text;
using Microsoft.Data.Sqlite;

namespace Fulcrum.Journal;

/// <summary>
/// The SQL side of the journal. One long-lived write connection, serialized by a lock (SQLite has one writer
/// anyway); each read opens its own connection so that WAL lets it run alongside writes instead of waiting.
/// </summary>
internal sealed class JournalStore : IDisposable
{
    private const string EventColumns = "id, time_ms, kind, cluster, destination, summary, details, alert_id";

    private readonly string path;
    private readonly string connectionString;
    private readonly SqliteConnection writer;
    private readonly SqliteCommand insert;
    private readonly Lock writeLock = new();
    private bool disposed;

    public JournalStore(string path)
    {
        this.path = path;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        // Pooling off: the journal owns its connections, and closing them really closes the file (tests delete it,
        // and a kill -9 test must see exactly what reached the file).
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        try
        {
            writer = new SqliteConnection(connectionString);
            writer.Open();
            // WAL: readers never block the writer and a commit is one append to the -wal file.
            // synchronous=FULL: that append is fsync'd before COMMIT returns. NORMAL would already survive kill -9
            // (the written pages sit in the OS page cache, which outlives the process) but not a power cut or kernel
            // panic; FULL costs one fsync per commit, which the synchronous path pays rarely (config changes, alerts)
            // and the queued path amortizes over a whole batch.
            // Incremental auto-vacuum (set before the first table exists; an older file gets it at its next
            // `fulcrum journal vacuum`) lets pruning hand freed pages back to the file system, so max-size bounds the
            // file and not only the data in it.
            Pragma(writer, "PRAGMA auto_vacuum=INCREMENTAL");
            Pragma(writer, "PRAGMA journal_mode=WAL");
            Pragma(writer, "PRAGMA synchronous=FULL");
            JournalSchema.Migrate(writer, path);
        }
        catch (SqliteException ex)
        {
            writer?.Dispose();
            throw new JournalException($"{path}: cannot open the journal: {ex.Message}", ex);
        }
        insert = writer.CreateCommand();
        insert.CommandText =
            "INSERT INTO events (time_ms, kind, cluster, destination, summary, details, alert_id) "
            + "VALUES ($time, $kind, $cluster, $destination, $summary, $details, $alert) RETURNING id";
        foreach (var name in new[] { "$time", "$kind", "$cluster", "$destination", "$summary", "$details", "$alert" })
        {
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    public string FilePath => path;

    /// <summary>Inserts one event in its own transaction; durable when this returns.</summary>
    public long Insert(JournalEvent e)
    {
        lock (writeLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return InsertLocked(e, null);
        }
    }

    /// <summary>Inserts a batch in one transaction: one fsync for the lot.</summary>
    public void InsertBatch(IReadOnlyList<JournalEvent> events)
    {
        lock (writeLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            using var transaction = writer.BeginTransaction();
            foreach (var e in events)
            {
                InsertLocked(e, transaction);
            }
            transaction.Commit();
        }
    }

    /// <summary>Runs a write statement under the write lock; returns the first column of the first row, if any.</summary>
    public object? Write(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (writeLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            using var command = writer.CreateCommand();
            command.CommandText = sql;
            Bind(command, parameters);
            return command.ExecuteScalar();
        }
    }

    /// <summary>Runs <paramref name="work"/> on the write connection under the write lock (pruning, compaction).</summary>
    public T WithWriter<T>(Func<SqliteConnection, T> work)
    {
        lock (writeLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return work(writer);
        }
    }

    /// <summary>The bytes on disk: the database file, its WAL and shared-memory index.</summary>
    public long FileBytes() =>
        new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    /// <summary>SELECT over events: <paramref name="where"/> is a condition (or null), parameters bound by name.</summary>
    public List<JournalEvent> QueryEvents(string? where, string orderAndLimit, IEnumerable<(string Name, object? Value)> parameters)
    {
        var sql = new StringBuilder("SELECT ").Append(EventColumns).Append(" FROM events");
        if (where is not null)
        {
            sql.Append(" WHERE ").Append(where);
        }
        sql.Append(' ').Append(orderAndLimit);
        var result = new List<JournalEvent>();
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        Bind(command, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(ReadEvent(reader));
        }
        return result;
    }

    /// <summary>
    /// The event in the current row, whose first columns are id, time_ms, kind, cluster, destination, summary, details,
    /// alert_id: the journal's columns, in SQLite and in the fleet journal alike.
    /// </summary>
    public static JournalEvent ReadEvent(System.Data.Common.DbDataReader reader) => new(
        reader.GetInt64(0),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7));

    /// <summary>A read-only connection of its own: under WAL it reads a consistent snapshot while writes go on.</summary>
    public SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    public static void Bind(SqliteCommand command, IEnumerable<(string Name, object? Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    public void Dispose()
    {
        lock (writeLock)
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
            try
            {
                // Fold the WAL back into the main file so a stopped journal is one self-contained file.
                Pragma(writer, "PRAGMA wal_checkpoint(TRUNCATE)");
            }
            catch (SqliteException)
            {
                // A reader still open elsewhere can make the checkpoint busy; the WAL is replayed at next open.
            }
            insert.Dispose();
            writer.Dispose();
        }
    }

    private long InsertLocked(JournalEvent e, SqliteTransaction? transaction)
    {
        insert.Transaction = transaction;
        // Bounded here as well as in JournalEvent.Create: an event built with `new` or `with` is capped all the same.
        e = JournalText.BoundEvent(e);
        var p = insert.Parameters;
        p[0].Value = e.Time.ToUnixTimeMilliseconds();
        p[1].Value = e.Kind;
        p[2].Value = (object?)e.Cluster ?? DBNull.Value;
        p[3].Value = (object?)e.Destination ?? DBNull.Value;
        p[4].Value = e.Summary;
        p[5].Value = (object?)e.Details ?? DBNull.Value;
        p[6].Value = (object?)e.AlertId ?? DBNull.Value;
        return (long)insert.ExecuteScalar()!;
    }

    internal static void Pragma(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
