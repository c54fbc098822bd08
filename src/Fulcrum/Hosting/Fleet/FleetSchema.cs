namespace Fulcrum.Fleet;

/// <summary>
/// The fleet store's tables. Every statement is idempotent (IF NOT EXISTS), and <see cref="FleetStore.EnsureSchemaAsync"/>
/// runs them under a transaction-scoped advisory lock, so instances starting together do not race on the catalog.
/// A later version adds columns with ADD COLUMN IF NOT EXISTS below the tables, never by editing them.
/// </summary>
internal static class FleetSchema
{
    /// <summary>Key of the advisory lock that serializes schema upgrades (an arbitrary constant: "FULCRUM" in hex-ish).</summary>
    public const long SchemaLockKey = 0x46554C4352554D01;

    /// <summary>Key of the session advisory lock held by the fleet's alert evaluator.</summary>
    public const long LeaderLockKey = 0x46554C4352554D02;

    /// <summary>The NOTIFY channel a push announces new versions on.</summary>
    public const string ConfigChannel = "fulcrum_config";

    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS fulcrum_config_versions (
            id          bigserial PRIMARY KEY,
            yaml        text        NOT NULL,
            sha256      text        NOT NULL,
            pushed_by   text        NOT NULL,
            pushed_at   timestamptz NOT NULL DEFAULT now(),
            findings    jsonb       NOT NULL DEFAULT '[]',
            forced      boolean     NOT NULL DEFAULT false,
            reason      text,
            rollback_of bigint
        );
        CREATE TABLE IF NOT EXISTS fulcrum_instances (
            name            text PRIMARY KEY,
            pid             integer     NOT NULL,
            address         text        NOT NULL DEFAULT '',
            admin_url       text        NOT NULL DEFAULT '',
            version_served  bigint,
            version_refused bigint,
            refused_reason  text,
            started_at      timestamptz NOT NULL,
            heartbeat       timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS fulcrum_window_counts (
            instance         text             NOT NULL,
            cluster          text             NOT NULL,
            destination      text             NOT NULL,
            position         integer          NOT NULL,
            policy           text             NOT NULL,
            weight           integer          NOT NULL,
            eligible         boolean          NOT NULL,
            capacity         double precision,
            effective_weight double precision NOT NULL,
            requests         bigint           NOT NULL,
            failures         bigint           NOT NULL,
            latency          bigint[]         NOT NULL,
            avg_in_flight    double precision,
            reported_at      timestamptz      NOT NULL,
            PRIMARY KEY (instance, cluster, destination)
        );
        -- Room on each page for the next version of every row: reports are HOT updates, no bloat between vacuums.
        ALTER TABLE fulcrum_window_counts SET (fillfactor = 40);
        CREATE TABLE IF NOT EXISTS fulcrum_leader (
            id           integer PRIMARY KEY CHECK (id = 1),
            instance     text        NOT NULL,
            since        timestamptz NOT NULL,
            evaluated_at timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS fulcrum_pages (
            alert       text        NOT NULL,
            cluster     text        NOT NULL,
            destination text        NOT NULL DEFAULT '',
            tier        integer     NOT NULL,
            paged_by    text        NOT NULL,
            paged_at    timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (alert, cluster, destination, tier)
        );
        -- Acknowledgements, shared: the latest per alert and scope; it covers the alert that began before it.
        CREATE TABLE IF NOT EXISTS fulcrum_acks (
            alert       text        NOT NULL,
            cluster     text        NOT NULL,
            destination text        NOT NULL DEFAULT '',
            acked_by    text        NOT NULL,
            acked_at    timestamptz NOT NULL,
            instance    text        NOT NULL,
            PRIMARY KEY (alert, cluster, destination)
        );
        -- The fleet journal: the SQLite journal's columns, plus who wrote each event and where it came from.
        CREATE TABLE IF NOT EXISTS fulcrum_events (
            id          bigserial PRIMARY KEY,
            instance    text   NOT NULL,
            journal     text   NOT NULL,
            local_id    bigint NOT NULL,
            time_ms     bigint NOT NULL,
            kind        text   NOT NULL,
            cluster     text,
            destination text,
            summary     text   NOT NULL,
            details     text,
            alert_id    text,
            UNIQUE (journal, local_id)
        );
        CREATE INDEX IF NOT EXISTS ix_fulcrum_events_time ON fulcrum_events (time_ms);
        CREATE INDEX IF NOT EXISTS ix_fulcrum_events_kind_time ON fulcrum_events (kind, time_ms);
        -- Latency histograms packed as varints (LatencyPacking): a tenth of the bytes of the bigint[] the view used to
        -- read. Writers leave latency '{}' for readers of the previous version (they then see no latency, and do not
        -- fail); a row with a non-empty latency was written by such a version and is read from it.
        ALTER TABLE fulcrum_window_counts ADD COLUMN IF NOT EXISTS latency_packed bytea;
        -- Where each journal's delivery stands, apart from the events: pruning may delete all of a journal's
        -- events, and its shipper must not deliver them again from the local journal.
        CREATE TABLE IF NOT EXISTS fulcrum_journal_delivered (
            journal  text   PRIMARY KEY,
            instance text   NOT NULL,
            local_id bigint NOT NULL
        );
        -- The built-in a registered (custom) policy is judged as; policy keeps the name the user configured. NULL in
        -- rows of earlier versions, whose policy was always a built-in's name.
        ALTER TABLE fulcrum_window_counts ADD COLUMN IF NOT EXISTS judged_as text;
        -- Each instance's whole report as one packed row (CountsPacking), what the fleet view reads: 100 rows for 100
        -- instances instead of one per destination. An instance writing here deletes its rows in fulcrum_window_counts,
        -- which from then on hold only what instances of earlier versions report.
        CREATE TABLE IF NOT EXISTS fulcrum_instance_counts (
            instance    text        PRIMARY KEY,
            reported_at timestamptz NOT NULL,
            counts      bytea       NOT NULL
        ) WITH (fillfactor = 50);
        """;
}
