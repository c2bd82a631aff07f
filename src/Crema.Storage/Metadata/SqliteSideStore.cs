using Microsoft.Data.Sqlite;

namespace Crema.Storage.Metadata;

/// <summary>
/// A store whose tables live in crema.db beside the metadata database's own (dashboards, scaling, advisor): it opens its
/// own pooled connections to the file, which <see cref="SqliteMetadataDatabase.OpenAsync"/> has created and migrated, and
/// queues its writes on a gate of its own; they meet the other stores' only at SQLite's write lock (busy_timeout), which
/// one short transaction per call keeps cheap.
/// </summary>
public abstract class SqliteSideStore
{
    private readonly SqliteWriteGate _writeGate = new();

    private protected SqliteSideStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        Connections = new SqliteConnectionFactory(Path.GetFullPath(databasePath));
    }

    private protected SqliteConnectionFactory Connections { get; }

    /// <summary>Releases idle connections.</summary>
    public void Close() => Connections.Close();

    /// <summary>Runs <paramref name="write"/> in one immediate transaction, one writer of this store at a time.</summary>
    private protected async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> write, CancellationToken ct)
    {
        using var _ = await _writeGate.EnterAsync(ct).ConfigureAwait(false);
        await using var c = await Connections.OpenAsync(ct).ConfigureAwait(false);
        using var t = c.BeginTransaction(deferred: false);
        var result = write(c, t);
        t.Commit();
        return result;
    }
}
