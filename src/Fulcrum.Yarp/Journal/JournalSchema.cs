using Microsoft.Data.Sqlite;

namespace Fulcrum.Journal;

/// <summary>
/// The journal's tables and their migrations. <c>schema_version</c> holds one row: the number of migrations
/// applied. A new Fulcrum appends a migration to <see cref="Migrations"/> (never edits an old one); opening an
/// older file upgrades it in one transaction, opening a file written by a newer Fulcrum is refused.
/// </summary>
internal static class JournalSchema
{
    private static readonly string[] Migrations =
    [
        // v1. AUTOINCREMENT so an id is never reused even after old rows are pruned: pollers use "id > N".
        // Times are Unix milliseconds (UTC) so ranges are integer comparisons and the sqlite3 shell can read them
        // with datetime(time_ms / 1000, 'unixepoch').
        """
        CREATE TABLE events (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            time_ms     INTEGER NOT NULL,
            kind        TEXT    NOT NULL,
            cluster     TEXT,
            destination TEXT,
            summary     TEXT    NOT NULL,
            details     TEXT,
            alert_id    TEXT
        );
        CREATE INDEX ix_events_time ON events (time_ms);
        CREATE INDEX ix_events_kind_time ON events (kind, time_ms);
        CREATE INDEX ix_events_alert ON events (alert_id) WHERE alert_id IS NOT NULL;
        CREATE TABLE config_history (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            applied_ms    INTEGER NOT NULL,
            yaml          TEXT    NOT NULL,
            served_clean  INTEGER NOT NULL DEFAULT 0,
            event_id      INTEGER
        );
        """,
        // v2. A random id for this file. The fleet journal keys delivered events by (journal id, local id), so an
        // instance restarted under a new default name (it holds the pid) never delivers an event twice.
        """
        CREATE TABLE journal_identity (id TEXT NOT NULL);
        INSERT INTO journal_identity (id) VALUES (lower(hex(randomblob(16))));
        """,
        // v3. The audit of each applied config and what it was keyed by (the text's hash, the build, the rule set):
        // a restart with the same text and the same build takes the findings from here instead of simulating again.
        """
        ALTER TABLE config_history ADD COLUMN audit_key TEXT;
        ALTER TABLE config_history ADD COLUMN audit TEXT;
        CREATE INDEX ix_config_history_audit_key ON config_history (audit_key) WHERE audit_key IS NOT NULL;
        """,
    ];

    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the file to <see cref="CurrentVersion"/>; throws <see cref="JournalException"/> when it is newer.</summary>
    public static void Migrate(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        var version = Convert.ToInt32(Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"));
        if (version > CurrentVersion)
        {
            throw new JournalException(
                $"{path}: the journal was written by a newer Fulcrum (schema version {version}; this one knows up to "
                + $"{CurrentVersion}). Use that version, or point journal.path at another file.");
        }
        for (var next = version; next < CurrentVersion; next++)
        {
            Execute(connection, transaction, Migrations[next]);
        }
        if (version != CurrentVersion)
        {
            Execute(connection, transaction, "DELETE FROM schema_version");
            Execute(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({CurrentVersion})");
        }
        transaction.Commit();
    }

    public static int ReadVersion(SqliteConnection connection) =>
        Convert.ToInt32(Scalar(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_version"));

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
