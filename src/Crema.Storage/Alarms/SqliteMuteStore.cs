using Crema.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Crema.Storage.Alarms;

/// <summary><see cref="IMuteStore"/> over the alarm_mutes table.</summary>
internal sealed class SqliteMuteStore(SqliteConnectionFactory connections, SqliteWriteGate writeGate) : IMuteStore
{
    public async Task<IReadOnlyList<MuteRecord>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name, definition, created_at, updated_at FROM alarm_mutes ORDER BY name;";
        using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<MuteRecord>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new MuteRecord(r.GetString(0), r.GetString(1), Ms(r.GetInt64(2)), Ms(r.GetInt64(3))));
        }

        return list;
    }

    public async Task<bool> SaveAsync(MuteRecord mute, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mute);
        using var _ = await writeGate.EnterAsync(ct).ConfigureAwait(false);
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        using var t = c.BeginTransaction(deferred: false);
        using var cmd = c.CreateCommand();
        cmd.Transaction = t;

        // The update comes first so that a replaced window keeps its creation time and the caller learns it was not new.
        cmd.CommandText = "UPDATE alarm_mutes SET definition = $d, updated_at = $u WHERE name = $n;";
        cmd.Parameters.AddWithValue("$n", mute.Name);
        cmd.Parameters.AddWithValue("$d", mute.DefinitionJson);
        cmd.Parameters.AddWithValue("$u", mute.UpdatedAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$c", mute.CreatedAt.ToUnixTimeMilliseconds());
        var created = await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0;
        if (created)
        {
            cmd.CommandText = "INSERT INTO alarm_mutes (name, definition, created_at, updated_at) VALUES ($n, $d, $c, $u);";
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        t.Commit();
        return created;
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken ct = default)
    {
        using var _ = await writeGate.EnterAsync(ct).ConfigureAwait(false);
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM alarm_mutes WHERE name = $n;";
        cmd.Parameters.AddWithValue("$n", name);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
