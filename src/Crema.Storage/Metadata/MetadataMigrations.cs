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
    ];

    /// <summary>The schema version a database has after this program opened it.</summary>
    public static int LatestVersion => All[^1].Version;
}
