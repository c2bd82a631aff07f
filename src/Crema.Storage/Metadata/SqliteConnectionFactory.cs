using Microsoft.Data.Sqlite;

namespace Crema.Storage.Metadata;

/// <summary>Opens pooled connections to one metadata file with Crema's per-connection settings applied.</summary>
internal sealed class SqliteConnectionFactory
{
    /// <summary>How long a statement waits for another connection's (or process's) write lock before failing.</summary>
    internal const int BusyTimeoutMilliseconds = 30_000;

    // synchronous and busy_timeout are per connection and not expressible in the connection string;
    // a pooled connection keeps them, so re-running them on reuse is cheap and keeps every path uniform.
    private static readonly string PerConnectionPragmas =
        $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {BusyTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)};";

    private readonly string _connectionString;
    private volatile bool _closed;

    public SqliteConnectionFactory(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    /// <summary>Opens a connection; the caller disposes it, which returns it to the pool.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_closed, typeof(SqliteMetadataDatabase));
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = PerConnectionPragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Refuses further opens and closes the idle pooled connections so the file is released.</summary>
    public void Close()
    {
        _closed = true;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
