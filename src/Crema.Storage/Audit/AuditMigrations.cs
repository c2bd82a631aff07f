using Crema.Storage.Metadata;

namespace Crema.Storage.Audit;

/// <summary>The schema of the audit database (a file of its own, so that its append-only log is easy to copy and verify).</summary>
public static class AuditMigrations
{
    /// <summary>Every audit schema migration in version order; append, never edit.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "create_audit_events_digests_insights", """
            CREATE TABLE audit_events (
                seq            INTEGER NOT NULL PRIMARY KEY,
                event_id       TEXT    NOT NULL,
                time_ms        INTEGER NOT NULL,
                event_name     TEXT    NOT NULL,
                user_name      TEXT,
                read_only      INTEGER NOT NULL,
                error_code     TEXT,
                body           TEXT    NOT NULL,
                prev_hash      TEXT    NOT NULL,
                hash           TEXT    NOT NULL
            ) STRICT;
            CREATE INDEX audit_events_id ON audit_events (event_id);
            CREATE INDEX audit_events_time ON audit_events (time_ms);
            CREATE INDEX audit_events_name ON audit_events (event_name, time_ms);
            CREATE INDEX audit_events_user ON audit_events (user_name, time_ms);

            CREATE TABLE audit_event_resources (
                resource TEXT    NOT NULL,
                seq      INTEGER NOT NULL,
                PRIMARY KEY (resource, seq)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE audit_digests (
                digest_seq INTEGER NOT NULL PRIMARY KEY,
                period_end INTEGER NOT NULL,
                body       TEXT    NOT NULL
            ) STRICT;

            CREATE TABLE audit_insights (
                id          INTEGER NOT NULL PRIMARY KEY,
                event_name  TEXT    NOT NULL,
                kind        TEXT    NOT NULL,
                start_ms    INTEGER NOT NULL,
                end_ms      INTEGER,
                baseline    REAL    NOT NULL,
                observed    REAL    NOT NULL,
                details     TEXT    NOT NULL
            ) STRICT;
            CREATE INDEX audit_insights_start ON audit_insights (start_ms);
            """),
    ];
}
