using Microsoft.Data.Sqlite;

namespace Crema.Storage.Metadata;

/// <summary>Applies pending <see cref="Migration"/>s to a SQLite database and records them in <c>schema_migrations</c>.</summary>
public static class SqliteMigrator
{
    private const string CreateHistoryTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            checksum   TEXT    NOT NULL,
            applied_at INTEGER NOT NULL
        ) STRICT;
        """;

    /// <summary>Applies pending migrations using the system clock for <c>applied_at</c>; returns the resulting schema version.</summary>
    public static int Migrate(SqliteConnection connection, IReadOnlyList<Migration> migrations) =>
        Migrate(connection, migrations, TimeProvider.System);

    /// <summary>
    /// Applies pending migrations in version order, each in its own transaction, and returns the
    /// resulting schema version (0 when there are none). Throws <see cref="SchemaMigrationException"/>
    /// when the database holds a version this program does not know (a newer Crema wrote it), when an
    /// applied migration's checksum differs from the program's, or when a pending migration is older
    /// than one already applied.
    /// </summary>
    public static int Migrate(SqliteConnection connection, IReadOnlyList<Migration> migrations, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(time);
        if (connection.State != System.Data.ConnectionState.Open)
        {
            throw new InvalidOperationException("The connection must be open before migrating.");
        }

        Validate(migrations);
        Execute(connection, null, CreateHistoryTableSql);

        var applied = ReadApplied(connection);
        Verify(applied, migrations);

        foreach (var migration in migrations)
        {
            if (!applied.ContainsKey(migration.Version))
            {
                Apply(connection, migration, time);
            }
        }

        return migrations.Count == 0 ? 0 : migrations[^1].Version;
    }

    /// <summary>The applied migrations recorded in the database: version to (name, checksum).</summary>
    internal static SortedDictionary<int, (string Name, string Checksum)> ReadApplied(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version, name, checksum FROM schema_migrations ORDER BY version;";
        var applied = new SortedDictionary<int, (string, string)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return applied;
    }

    private static void Validate(IReadOnlyList<Migration> migrations)
    {
        var previous = 0;
        for (var i = 0; i < migrations.Count; i++)
        {
            var m = migrations[i] ?? throw new ArgumentException($"migrations[{i}] is null.", nameof(migrations));
            if (m.Version <= previous)
            {
                throw new ArgumentException(
                    $"migrations[{i}].Version is {m.Version}; versions must be positive and strictly increasing (previous was {previous}).",
                    nameof(migrations));
            }

            if (string.IsNullOrWhiteSpace(m.Name))
            {
                throw new ArgumentException($"migrations[{i}].Name (version {m.Version}) must not be empty.", nameof(migrations));
            }

            if (string.IsNullOrWhiteSpace(m.Sql))
            {
                throw new ArgumentException($"migrations[{i}].Sql (version {m.Version}) must not be empty.", nameof(migrations));
            }

            previous = m.Version;
        }
    }

    private static void Verify(SortedDictionary<int, (string Name, string Checksum)> applied, IReadOnlyList<Migration> migrations)
    {
        var known = new Dictionary<int, Migration>(migrations.Count);
        foreach (var m in migrations)
        {
            known[m.Version] = m;
        }

        var latestKnown = migrations.Count == 0 ? 0 : migrations[^1].Version;
        var unknown = new List<int>();
        var maxApplied = 0;
        foreach (var (version, _) in applied)
        {
            maxApplied = Math.Max(maxApplied, version);
            if (!known.ContainsKey(version))
            {
                unknown.Add(version);
            }
        }

        if (unknown.Count > 0)
        {
            throw new SchemaMigrationException(
                $"The metadata database is at schema version {maxApplied} and has migration(s) {string.Join(", ", unknown)} " +
                $"that this Crema does not know (it knows versions up to {latestKnown}). A newer Crema probably wrote it; " +
                "run that version or restore a backup taken before the upgrade.");
        }

        foreach (var (version, recorded) in applied)
        {
            var expected = known[version].Checksum;
            if (!string.Equals(recorded.Checksum, expected, StringComparison.Ordinal))
            {
                throw new SchemaMigrationException(
                    $"Migration {version} ({recorded.Name}) was applied with checksum {recorded.Checksum}, but this Crema's " +
                    $"migration {version} ({known[version].Name}) has checksum {expected}. A released migration must never " +
                    "change; add a new migration instead.");
            }
        }

        var skipped = new List<int>();
        foreach (var m in migrations)
        {
            if (m.Version < maxApplied && !applied.ContainsKey(m.Version))
            {
                skipped.Add(m.Version);
            }
        }

        if (skipped.Count > 0)
        {
            throw new SchemaMigrationException(
                $"Migration(s) {string.Join(", ", skipped)} are not applied but the metadata database is already at schema " +
                $"version {maxApplied}; migrations must be applied in order.");
        }
    }

    private static void Apply(SqliteConnection connection, Migration migration, TimeProvider time)
    {
        // BEGIN IMMEDIATE takes the write lock up front, so a second process migrating the same file
        // waits here and then sees the row this one recorded instead of re-running the SQL.
        using var transaction = connection.BeginTransaction(deferred: false);
        var appliedNow = ReadApplied(connection, transaction);
        if (appliedNow.TryGetValue(migration.Version, out var recorded))
        {
            if (!string.Equals(recorded.Checksum, migration.Checksum, StringComparison.Ordinal))
            {
                throw new SchemaMigrationException(
                    $"Migration {migration.Version} ({recorded.Name}) was applied concurrently with checksum {recorded.Checksum}, " +
                    $"but this Crema's has checksum {migration.Checksum}.");
            }

            transaction.Rollback();
            return;
        }

        try
        {
            Execute(connection, transaction, migration.Sql);
        }
        catch (SqliteException ex)
        {
            throw new SchemaMigrationException(
                $"Migration {migration.Version} ({migration.Name}) failed and was rolled back: {ex.Message}", ex);
        }

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText =
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($version, $name, $checksum, $appliedAt);";
            insert.Parameters.AddWithValue("$version", migration.Version);
            insert.Parameters.AddWithValue("$name", migration.Name);
            insert.Parameters.AddWithValue("$checksum", migration.Checksum);
            insert.Parameters.AddWithValue("$appliedAt", time.GetUtcNow().ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
