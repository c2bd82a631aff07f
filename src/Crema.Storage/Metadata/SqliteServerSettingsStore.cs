namespace Crema.Storage.Metadata;

/// <summary><see cref="IServerSettingsStore"/> over the <c>server_settings</c> table.</summary>
internal sealed class SqliteServerSettingsStore : IServerSettingsStore
{
    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteWriteGate _writeGate;
    private readonly TimeProvider _time;

    public SqliteServerSettingsStore(SqliteConnectionFactory connections, SqliteWriteGate writeGate, TimeProvider time)
    {
        _connections = connections;
        _writeGate = writeGate;
        _time = time;
    }

    public async Task<string?> GetAsync(string key, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM server_settings WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    public Task SetAsync(string key, string value, CancellationToken ct = default) =>
        WriteAsync(
            key,
            value,
            "INSERT INTO server_settings (key, value, updated_at) VALUES ($key, $value, $updatedAt) " +
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;",
            ct);

    public async Task<bool> TryAddAsync(string key, string value, CancellationToken ct = default) =>
        await WriteAsync(
            key,
            value,
            "INSERT INTO server_settings (key, value, updated_at) VALUES ($key, $value, $updatedAt) ON CONFLICT (key) DO NOTHING;",
            ct).ConfigureAwait(false) == 1;

    private async Task<int> WriteAsync(string key, string value, string sql, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        using var _ = await _writeGate.EnterAsync(ct).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$updatedAt", _time.GetUtcNow().ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }
}
