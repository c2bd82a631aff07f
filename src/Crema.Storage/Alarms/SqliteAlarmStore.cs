using Crema.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Crema.Storage.Alarms;

/// <summary><see cref="IAlarmStore"/> over the metric_alarms and alarm_history tables.</summary>
internal sealed class SqliteAlarmStore(SqliteConnectionFactory connections, SqliteWriteGate writeGate) : IAlarmStore
{
    /// <inheritdoc />
    public event Action? Changed;

    public async Task<IReadOnlyList<AlarmRecord>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name, definition, state, state_reason, state_reason_data, state_updated_at, created_at, updated_at FROM metric_alarms ORDER BY name;";
        using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<AlarmRecord>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new AlarmRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), Ms(r.GetInt64(5)),
                Ms(r.GetInt64(6)), Ms(r.GetInt64(7))));
        }

        return list;
    }

    public Task SaveAsync(AlarmRecord alarm, IReadOnlyList<AlarmHistoryRecord> history, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return WriteAsync((c, t) =>
        {
            Exec(c, t, "INSERT INTO metric_alarms (name, definition, state, state_reason, state_reason_data, state_updated_at, created_at, updated_at) " +
                       "VALUES ($a, $b, $c, $d, $e, $f, $g, $h) ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, state = excluded.state, " +
                       "state_reason = excluded.state_reason, state_reason_data = excluded.state_reason_data, state_updated_at = excluded.state_updated_at, " +
                       "updated_at = excluded.updated_at;",
                ("$a", alarm.Name), ("$b", alarm.DefinitionJson), ("$c", alarm.State), ("$d", alarm.StateReason), ("$e", alarm.StateReasonData),
                ("$f", alarm.StateUpdatedAt.ToUnixTimeMilliseconds()), ("$g", alarm.CreatedAt.ToUnixTimeMilliseconds()), ("$h", alarm.UpdatedAt.ToUnixTimeMilliseconds()));
            Append(c, t, history);
            return true;
        }, ct);
    }

    public Task<bool> SaveStateAsync(string name, string state, string reason, string? reasonData, DateTimeOffset at, IReadOnlyList<AlarmHistoryRecord> history,
        CancellationToken ct = default) =>
        WriteAsync((c, t) =>
        {
            var n = Exec(c, t, "UPDATE metric_alarms SET state = $s, state_reason = $r, state_reason_data = $d, state_updated_at = $t WHERE name = $n;",
                ("$s", state), ("$r", reason), ("$d", reasonData), ("$t", at.ToUnixTimeMilliseconds()), ("$n", name));
            if (n == 0) return false;
            Append(c, t, history);
            return true;
        }, ct);

    public Task SaveStatesAsync(IReadOnlyList<AlarmStateUpdate> updates, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        return WriteAsync((c, t) =>
        {
            foreach (var u in updates)
            {
                var n = Exec(c, t, "UPDATE metric_alarms SET state = $s, state_reason = $r, state_reason_data = $d, state_updated_at = $t WHERE name = $n;",
                    ("$s", u.State), ("$r", u.Reason), ("$d", u.ReasonData), ("$t", u.At.ToUnixTimeMilliseconds()), ("$n", u.Name));
                if (n > 0) Append(c, t, u.History);
            }

            return true;
        }, ct);
    }

    public Task<bool> DeleteAsync(string name, AlarmHistoryRecord? history, CancellationToken ct = default) =>
        WriteAsync((c, t) =>
        {
            var n = Exec(c, t, "DELETE FROM metric_alarms WHERE name = $n;", ("$n", name));
            if (n > 0 && history is not null) Append(c, t, [history]);
            return n > 0;
        }, ct);

    public async Task<IReadOnlyList<CompositeAlarmRecord>> ListCompositesAsync(CancellationToken ct = default)
    {
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name, definition, state, state_reason, state_updated_at, created_at, updated_at FROM composite_alarms ORDER BY name;";
        using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<CompositeAlarmRecord>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new CompositeAlarmRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Ms(r.GetInt64(4)), Ms(r.GetInt64(5)), Ms(r.GetInt64(6))));
        }

        return list;
    }

    public Task SaveCompositeAsync(CompositeAlarmRecord alarm, IReadOnlyList<AlarmHistoryRecord> history, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return WriteAsync((c, t) =>
        {
            Exec(c, t, "INSERT INTO composite_alarms (name, definition, state, state_reason, state_updated_at, created_at, updated_at) VALUES ($a, $b, $c, $d, $e, $f, $g) " +
                       "ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, state = excluded.state, state_reason = excluded.state_reason, " +
                       "state_updated_at = excluded.state_updated_at, updated_at = excluded.updated_at;",
                ("$a", alarm.Name), ("$b", alarm.DefinitionJson), ("$c", alarm.State), ("$d", alarm.StateReason), ("$e", alarm.StateUpdatedAt.ToUnixTimeMilliseconds()),
                ("$f", alarm.CreatedAt.ToUnixTimeMilliseconds()), ("$g", alarm.UpdatedAt.ToUnixTimeMilliseconds()));
            Append(c, t, history);
            return true;
        }, ct);
    }

    public Task<bool> DeleteCompositeAsync(string name, AlarmHistoryRecord? history, CancellationToken ct = default) =>
        WriteAsync((c, t) =>
        {
            var n = Exec(c, t, "DELETE FROM composite_alarms WHERE name = $n;", ("$n", name));
            if (n > 0 && history is not null) Append(c, t, [history]);
            return n > 0;
        }, ct);

    public Task AppendHistoryAsync(IReadOnlyList<AlarmHistoryRecord> history, CancellationToken ct = default) =>
        WriteAsync((c, t) =>
        {
            Append(c, t, history);
            return true;
        }, ct);

    public async Task<IReadOnlyList<AlarmHistoryRecord>> HistoryAsync(string? alarmName, string? type, DateTimeOffset? from, DateTimeOffset? to, long? beforeId, int limit,
        CancellationToken ct = default)
    {
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, alarm_name, at, type, summary, data FROM alarm_history WHERE ($n IS NULL OR alarm_name = $n) AND ($t IS NULL OR type = $t) " +
                          "AND ($f IS NULL OR at >= $f) AND ($to IS NULL OR at < $to) AND ($b IS NULL OR id < $b) ORDER BY id DESC LIMIT $l;";
        cmd.Parameters.AddWithValue("$n", (object?)alarmName ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$t", (object?)type ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$f", from is { } f ? f.ToUnixTimeMilliseconds() : DBNull.Value);
        cmd.Parameters.AddWithValue("$to", to is { } x ? x.ToUnixTimeMilliseconds() : DBNull.Value);
        cmd.Parameters.AddWithValue("$b", (object?)beforeId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$l", limit);
        using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<AlarmHistoryRecord>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new AlarmHistoryRecord(r.GetInt64(0), r.GetString(1), Ms(r.GetInt64(2)), r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)));
        }

        return list;
    }

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static void Append(SqliteConnection c, SqliteTransaction t, IReadOnlyList<AlarmHistoryRecord> history)
    {
        foreach (var h in history)
        {
            Exec(c, t, "INSERT INTO alarm_history (alarm_name, at, type, summary, data) VALUES ($n, $a, $t, $s, $d);",
                ("$n", h.AlarmName), ("$a", h.At.ToUnixTimeMilliseconds()), ("$t", h.Type), ("$s", h.Summary), ("$d", h.Data));
        }
    }

    private static int Exec(SqliteConnection c, SqliteTransaction t, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = t;
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd.ExecuteNonQuery();
    }

    private async Task<bool> WriteAsync(Func<SqliteConnection, SqliteTransaction, bool> work, CancellationToken ct)
    {
        bool result;
        using (await writeGate.EnterAsync(ct).ConfigureAwait(false))
        {
            await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
            using var t = c.BeginTransaction(deferred: false);
            result = work(c, t);
            t.Commit();
        }
        Changed?.Invoke();
        return result;
    }
}
