namespace Crema.Storage.Metadata;

/// <summary>Every metadata schema migration, in version order; append new ones, never edit released ones.</summary>
public static class MetadataMigrations
{
    /// <summary>The migrations this program knows; the last one's version is <see cref="LatestVersion"/>.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "create_metric_metadata_and_server_settings", """
            CREATE TABLE metric_metadata (
                namespace   TEXT    NOT NULL,
                metric_name TEXT    NOT NULL,
                unit        TEXT,
                type        TEXT,
                help        TEXT,
                updated_at  INTEGER NOT NULL,
                PRIMARY KEY (namespace, metric_name)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE server_settings (
                key        TEXT    NOT NULL PRIMARY KEY,
                value      TEXT    NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;
            """),
        new(2, "create_identity", """
            CREATE TABLE users (
                id                  INTEGER PRIMARY KEY,
                name                TEXT    NOT NULL UNIQUE COLLATE NOCASE,
                password_hash       TEXT,
                is_root             INTEGER NOT NULL DEFAULT 0,
                disabled            INTEGER NOT NULL DEFAULT 0,
                mfa_secret          TEXT,
                mfa_enabled         INTEGER NOT NULL DEFAULT 0,
                mfa_last_step       INTEGER,
                failed_sign_ins     INTEGER NOT NULL DEFAULT 0,
                locked_until        INTEGER,
                password_changed_at INTEGER,
                last_sign_in_at     INTEGER,
                created_at          INTEGER NOT NULL,
                updated_at          INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE roles (
                name        TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE,
                description TEXT    NOT NULL,
                statements  TEXT    NOT NULL,
                built_in    INTEGER NOT NULL,
                created_at  INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE user_roles (
                user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                role_name TEXT    NOT NULL REFERENCES roles (name) ON DELETE RESTRICT,
                PRIMARY KEY (user_id, role_name)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE recovery_codes (
                user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                code_hash TEXT    NOT NULL,
                used_at   INTEGER,
                PRIMARY KEY (user_id, code_hash)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE api_keys (
                access_key_id    TEXT    NOT NULL PRIMARY KEY,
                user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                description      TEXT,
                role_name        TEXT    REFERENCES roles (name) ON DELETE RESTRICT,
                secret_hash      TEXT    NOT NULL,
                secret_protected TEXT    NOT NULL,
                active           INTEGER NOT NULL,
                created_at       INTEGER NOT NULL,
                expires_at       INTEGER,
                last_used_at     INTEGER,
                last_used_from   TEXT,
                rotated_from     TEXT
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX api_keys_user ON api_keys (user_id);

            CREATE TABLE sessions (
                token_hash     TEXT    NOT NULL PRIMARY KEY,
                user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                csrf_hash      TEXT    NOT NULL,
                mfa_used       INTEGER NOT NULL,
                created_at     INTEGER NOT NULL,
                last_seen_at   INTEGER NOT NULL,
                expires_at     INTEGER NOT NULL,
                source_address TEXT,
                user_agent     TEXT
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX sessions_user ON sessions (user_id);
            """),
        new(3, "create_alarms", """
            CREATE TABLE metric_alarms (
                name              TEXT    NOT NULL PRIMARY KEY,
                definition        TEXT    NOT NULL,
                state             TEXT    NOT NULL,
                state_reason      TEXT    NOT NULL,
                state_reason_data TEXT,
                state_updated_at  INTEGER NOT NULL,
                created_at        INTEGER NOT NULL,
                updated_at        INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE alarm_history (
                id         INTEGER PRIMARY KEY,
                alarm_name TEXT    NOT NULL,
                at         INTEGER NOT NULL,
                type       TEXT    NOT NULL,
                summary    TEXT    NOT NULL,
                data       TEXT
            ) STRICT;
            CREATE INDEX alarm_history_alarm ON alarm_history (alarm_name, at);
            CREATE INDEX alarm_history_at ON alarm_history (at);
            """),
        new(4, "create_notifications", """
            CREATE TABLE notification_topics (
                name         TEXT    NOT NULL PRIMARY KEY,
                display_name TEXT    NOT NULL,
                created_at   INTEGER NOT NULL,
                updated_at   INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE notification_subscriptions (
                id                 INTEGER PRIMARY KEY,
                topic              TEXT    NOT NULL REFERENCES notification_topics (name) ON DELETE CASCADE,
                protocol           TEXT    NOT NULL,
                endpoint_redacted  TEXT    NOT NULL,
                endpoint_protected TEXT    NOT NULL,
                secret_protected   TEXT,
                created_at         INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX notification_subscriptions_topic ON notification_subscriptions (topic);

            CREATE TABLE notification_deliveries (
                id              INTEGER PRIMARY KEY,
                topic           TEXT    NOT NULL,
                subscription_id INTEGER NOT NULL REFERENCES notification_subscriptions (id) ON DELETE CASCADE,
                source_type     TEXT    NOT NULL,
                source_name     TEXT    NOT NULL,
                subject         TEXT    NOT NULL,
                text            TEXT    NOT NULL,
                body            TEXT    NOT NULL,
                link            TEXT,
                status          TEXT    NOT NULL,
                attempts        INTEGER NOT NULL,
                next_attempt_at INTEGER,
                last_error      TEXT,
                created_at      INTEGER NOT NULL,
                updated_at      INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX notification_deliveries_due ON notification_deliveries (status, next_attempt_at);
            CREATE INDEX notification_deliveries_topic ON notification_deliveries (topic, status, id);
            CREATE INDEX notification_deliveries_subscription ON notification_deliveries (subscription_id);
            """),
        new(5, "create_composite_alarms", """
            CREATE TABLE composite_alarms (
                name              TEXT    NOT NULL PRIMARY KEY,
                definition        TEXT    NOT NULL,
                state             TEXT    NOT NULL,
                state_reason      TEXT    NOT NULL,
                state_updated_at  INTEGER NOT NULL,
                created_at        INTEGER NOT NULL,
                updated_at        INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;
            """),
        new(6, "create_alarm_mutes", """
            CREATE TABLE alarm_mutes (
                name        TEXT    NOT NULL PRIMARY KEY,
                definition  TEXT    NOT NULL,
                created_at  INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;
            """),
        new(7, "create_dashboards", """
            CREATE TABLE dashboards (
                id           INTEGER PRIMARY KEY,
                name         TEXT    NOT NULL UNIQUE,
                body         TEXT    NOT NULL,
                title        TEXT,
                widget_count INTEGER NOT NULL,
                size         INTEGER NOT NULL,
                created_at   INTEGER NOT NULL,
                updated_at   INTEGER NOT NULL,
                updated_by   TEXT    NOT NULL
            ) STRICT;
            """),
        new(8, "create_scaling", """
            CREATE TABLE scaling_targets (
                name             TEXT    NOT NULL PRIMARY KEY,
                definition       TEXT    NOT NULL,
                secret_protected TEXT,
                created_at       INTEGER NOT NULL,
                updated_at       INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE scaling_policies (
                target      TEXT    NOT NULL,
                name        TEXT    NOT NULL,
                policy_type TEXT    NOT NULL,
                definition  TEXT    NOT NULL,
                created_at  INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL,
                PRIMARY KEY (target, name)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE scaling_scheduled_actions (
                target      TEXT    NOT NULL,
                name        TEXT    NOT NULL,
                definition  TEXT    NOT NULL,
                last_run_at INTEGER,
                created_at  INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL,
                PRIMARY KEY (target, name)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE scaling_activities (
                id            INTEGER PRIMARY KEY,
                activity_id   TEXT    NOT NULL,
                target        TEXT    NOT NULL,
                kind          TEXT    NOT NULL,
                policy        TEXT,
                from_capacity INTEGER NOT NULL,
                to_capacity   INTEGER NOT NULL,
                cause         TEXT    NOT NULL,
                status        TEXT    NOT NULL,
                error         TEXT,
                attempt       INTEGER NOT NULL,
                started_at    INTEGER NOT NULL,
                ended_at      INTEGER
            ) STRICT;
            CREATE INDEX scaling_activities_target ON scaling_activities (target, id);
            """),
        new(9, "create_advisor", """
            CREATE TABLE advisor_resources (
                name        TEXT    NOT NULL PRIMARY KEY,
                kind        TEXT    NOT NULL,
                cost        TEXT    NOT NULL,
                cost_period TEXT    NOT NULL,
                currency    TEXT    NOT NULL,
                namespace   TEXT    NOT NULL,
                metric_name TEXT    NOT NULL,
                dimensions  TEXT,
                capacity    REAL    NOT NULL,
                created_at  INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE advisor_results (
                id       INTEGER PRIMARY KEY,
                check_id TEXT    NOT NULL,
                status   TEXT    NOT NULL,
                summary  TEXT    NOT NULL,
                items    TEXT    NOT NULL,
                ran_at   INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX advisor_results_check ON advisor_results (check_id, id);

            CREATE TABLE advisor_exclusions (
                check_id    TEXT    NOT NULL,
                resource_id TEXT    NOT NULL,
                reason      TEXT    NOT NULL,
                created_by  TEXT    NOT NULL,
                created_at  INTEGER NOT NULL,
                PRIMARY KEY (check_id, resource_id)
            ) STRICT, WITHOUT ROWID;
            """),
    ];

    /// <summary>The schema version a database has after this program opened it.</summary>
    public static int LatestVersion => All[^1].Version;
}
