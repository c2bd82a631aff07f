using Microsoft.Data.Sqlite;

namespace Crema.Storage.Metadata;

/// <summary>The metadata store in one SQLite file: WAL, synchronous=FULL, foreign keys on, migrated on open.</summary>
/// <remarks>
/// Each operation takes a pooled connection of its own, so reads run concurrently with each other and
/// with the single writer that WAL allows; writers of this process queue on a gate.
/// </remarks>
public sealed class SqliteMetadataDatabase : IMetadataDatabase
{
    private readonly SqliteConnectionFactory _connections;
    private int _disposed;

    private SqliteMetadataDatabase(SqliteConnectionFactory connections, TimeProvider time, int schemaVersion)
    {
        _connections = connections;
        var writeGate = new SqliteWriteGate();
        SchemaVersion = schemaVersion;
        MetricMetadata = new SqliteMetricMetadataStore(connections, writeGate, time);
        Settings = new SqliteServerSettingsStore(connections, writeGate, time);
        Identity = new Identity.SqliteIdentityStore(connections, writeGate, time);
        Alarms = new Alarms.SqliteAlarmStore(connections, writeGate);
        Mutes = new Alarms.SqliteMuteStore(connections, writeGate);
        Notifications = new Notifications.SqliteNotificationStore(connections, writeGate, time);
    }

    public IMetricMetadataStore MetricMetadata { get; }

    public IServerSettingsStore Settings { get; }

    public Identity.IIdentityStore Identity { get; }

    public Alarms.IAlarmStore Alarms { get; }

    public Alarms.IMuteStore Mutes { get; }

    public Notifications.INotificationStore Notifications { get; }

    public int SchemaVersion { get; }

    /// <summary>
    /// Opens (creating when absent, with its directory) the database at <paramref name="path"/> and applies
    /// <see cref="MetadataMigrations.All"/>. Throws <see cref="SchemaMigrationException"/> when the file
    /// was written by a newer Crema or a released migration changed.
    /// </summary>
    public static async Task<SqliteMetadataDatabase> OpenAsync(string path, TimeProvider time, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(time);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connections = new SqliteConnectionFactory(fullPath);
        try
        {
            int version;
            await using (var connection = await connections.OpenAsync(ct).ConfigureAwait(false))
            {
                EnableWal(connection, fullPath);
                version = SqliteMigrator.Migrate(connection, MetadataMigrations.All, time);
            }

            return new SqliteMetadataDatabase(connections, time, version);
        }
        catch
        {
            connections.Close();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _connections.Close();
        }

        return ValueTask.CompletedTask;
    }

    private static void EnableWal(SqliteConnection connection, string path)
    {
        // journal_mode is stored in the file, so setting it once per open is enough for every connection.
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The metadata database '{path}' could not switch to WAL journal mode (SQLite kept '{mode}'); " +
                "it needs a local file system that supports shared memory.");
        }
    }
}
