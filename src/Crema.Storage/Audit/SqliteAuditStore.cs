using System.Globalization;
using System.Text;
using Crema.Core.Audit;
using Crema.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Crema.Storage.Audit;

/// <summary>
/// The audit trail in its own SQLite file (WAL, synchronous=FULL): events are only ever inserted,
/// digests likewise; nothing here updates or deletes an event.
/// </summary>
public sealed class SqliteAuditStore : IAsyncDisposable
{
    private const string EventColumns = "seq, body, hash, prev_hash, event_id, time_ms, event_name, user_name, read_only, error_code";

    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteWriteGate _writeGate = new();
    private int _disposed;

    private SqliteAuditStore(SqliteConnectionFactory connections, string path)
    {
        _connections = connections;
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating and migrating when needed) the audit database at <paramref name="path"/>.</summary>
    public static async Task<SqliteAuditStore> OpenAsync(string path, TimeProvider time, CancellationToken ct = default)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var connections = new SqliteConnectionFactory(full);
        try
        {
            await using (var connection = await connections.OpenAsync(ct).ConfigureAwait(false))
            {
                using (var wal = connection.CreateCommand())
                {
                    wal.CommandText = "PRAGMA journal_mode = WAL;";
                    wal.ExecuteNonQuery();
                }

                SqliteMigrator.Migrate(connection, AuditMigrations.All, time);
            }

            return new SqliteAuditStore(connections, full);
        }
        catch
        {
            connections.Close();
            throw;
        }
    }

    /// <summary>The last event (sequence and hash), or null when the trail is empty.</summary>
    public async Task<StoredAuditEvent?> LastEventAsync(CancellationToken ct = default)
    {
        var rows = await QueryEventsAsync($"SELECT {EventColumns} FROM audit_events ORDER BY seq DESC LIMIT 1;", [], ct).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    /// <summary>Appends events (already numbered and chained) in one transaction; returns when it is durable.</summary>
    public async Task AppendAsync(IReadOnlyList<AuditAppend> events, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return;
        using var _ = await _writeGate.EnterAsync(ct).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO audit_events (" + EventColumns + ") VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9);";
        var p = new SqliteParameter[10];
        for (var i = 0; i < p.Length; i++) p[i] = insert.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text);
        using var resource = connection.CreateCommand();
        resource.Transaction = transaction;
        resource.CommandText = "INSERT OR IGNORE INTO audit_event_resources (resource, seq) VALUES ($r, $s);";
        var r = resource.Parameters.Add("$r", SqliteType.Text);
        var s = resource.Parameters.Add("$s", SqliteType.Integer);
        foreach (var item in events)
        {
            var e = item.Event;
            p[0].Value = e.Sequence;
            p[1].Value = e.Body;
            p[2].Value = e.Hash;
            p[3].Value = e.PreviousHash;
            p[4].Value = e.EventId;
            p[5].Value = e.TimeUnixMs;
            p[6].Value = e.EventName;
            p[7].Value = (object?)e.UserName ?? DBNull.Value;
            p[8].Value = e.ReadOnly ? 1 : 0;
            p[9].Value = (object?)e.ErrorCode ?? DBNull.Value;
            insert.ExecuteNonQuery();
            foreach (var name in item.Resources)
            {
                r.Value = name;
                s.Value = e.Sequence;
                resource.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>Events matching the query, newest first (at most <see cref="AuditQuery.Limit"/>).</summary>
    public Task<IReadOnlyList<StoredAuditEvent>> LookupAsync(AuditQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"SELECT {EventColumns} FROM audit_events e WHERE 1=1");
        var args = new List<object?>();
        void Where(string clause, object? value)
        {
            sql.Append(" AND ").Append(clause.Replace("$v", "$p" + args.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            args.Add(value);
        }

        if (query.From is { } from) Where("time_ms >= $v", from.ToUnixTimeMilliseconds());
        if (query.To is { } to) Where("time_ms < $v", to.ToUnixTimeMilliseconds());
        if (query.EventName is { } name) Where("event_name = $v", name);
        if (query.UserName is { } user) Where("user_name = $v", user);
        if (query.Resource is { } res) Where("seq IN (SELECT seq FROM audit_event_resources WHERE resource = $v)", res);
        if (query.ReadOnly is { } ro) Where("read_only = $v", ro ? 1 : 0);
        if (query.Error is { } err) sql.Append(err ? " AND error_code IS NOT NULL" : " AND error_code IS NULL");
        if (query.BeforeSequence is { } before) Where("seq < $v", before);
        if (query.AfterSequence is { } after) Where("seq > $v", after);
        sql.Append(query.Ascending ? " ORDER BY seq LIMIT " : " ORDER BY seq DESC LIMIT ").Append(Math.Clamp(query.Limit, 1, 1000).ToString(CultureInfo.InvariantCulture)).Append(';');
        return QueryEventsAsync(sql.ToString(), [.. args], ct);
    }

    /// <summary>Events with sequence in [<paramref name="fromSequence"/>, <paramref name="toSequence"/>], oldest first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<StoredAuditEvent>> ReadRangeAsync(long fromSequence, long toSequence, int limit, CancellationToken ct = default) =>
        QueryEventsAsync($"SELECT {EventColumns} FROM audit_events WHERE seq >= $p0 AND seq <= $p1 ORDER BY seq LIMIT $p2;",
            [fromSequence, toSequence, limit], ct);

    /// <summary>The event with this id, or null.</summary>
    public async Task<StoredAuditEvent?> FindAsync(string eventId, CancellationToken ct = default)
    {
        var rows = await QueryEventsAsync($"SELECT {EventColumns} FROM audit_events WHERE event_id = $p0 ORDER BY seq LIMIT 1;", [eventId], ct).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    /// <summary>The first sequence at or after a time (for verify --from), or null when none is.</summary>
    public async Task<long?> FirstSequenceAtOrAfterAsync(DateTimeOffset time, CancellationToken ct = default) =>
        await ScalarAsync("SELECT min(seq) FROM audit_events WHERE time_ms >= $p0;", [time.ToUnixTimeMilliseconds()], ct).ConfigureAwait(false) as long?;

    /// <summary>The last sequence before a time (for verify --to), or null when none is.</summary>
    public async Task<long?> LastSequenceBeforeAsync(DateTimeOffset time, CancellationToken ct = default) =>
        await ScalarAsync("SELECT max(seq) FROM audit_events WHERE time_ms < $p0;", [time.ToUnixTimeMilliseconds()], ct).ConfigureAwait(false) as long?;

    /// <summary>Stores a digest body (JSON with its signature) under its sequence number.</summary>
    public async Task AppendDigestAsync(long digestSequence, DateTimeOffset periodEnd, string body, CancellationToken ct = default)
    {
        using var _ = await _writeGate.EnterAsync(ct).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO audit_digests (digest_seq, period_end, body) VALUES ($s, $e, $b);";
        command.Parameters.AddWithValue("$s", digestSequence);
        command.Parameters.AddWithValue("$e", periodEnd.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$b", body);
        command.ExecuteNonQuery();
    }

    /// <summary>Every stored digest body, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListDigestBodiesAsync(CancellationToken ct = default)
    {
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM audit_digests ORDER BY digest_seq;";
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<string>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) list.Add(reader.GetString(0));
        return list;
    }

    /// <summary>The newest digest body, or null when none was written yet.</summary>
    public async Task<string?> LastDigestBodyAsync(CancellationToken ct = default) =>
        await ScalarAsync("SELECT body FROM audit_digests ORDER BY digest_seq DESC LIMIT 1;", [], ct).ConfigureAwait(false) as string;

    /// <summary>Calls and errors per event name in buckets of <paramref name="bucket"/> over [from, to).</summary>
    public async Task<IReadOnlyList<EventRateBucket>> CountRatesAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken ct = default)
    {
        var ms = (long)bucket.TotalMilliseconds;
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT event_name, (time_ms / $b) * $b AS bucket, count(*), sum(error_code IS NOT NULL) FROM audit_events " +
            "WHERE time_ms >= $f AND time_ms < $t GROUP BY event_name, bucket ORDER BY bucket, event_name;";
        command.Parameters.AddWithValue("$b", ms);
        command.Parameters.AddWithValue("$f", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$t", to.ToUnixTimeMilliseconds());
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<EventRateBucket>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new EventRateBucket(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return list;
    }

    /// <summary>Stores a new insight (returns its id) or, with an id, updates its end and observed figure.</summary>
    public async Task<long> SaveInsightAsync(StoredInsight insight, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(insight);
        using var _ = await _writeGate.EnterAsync(ct).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = insight.Id == 0
            ? "INSERT INTO audit_insights (event_name, kind, start_ms, end_ms, baseline, observed, details) VALUES ($n, $k, $s, $e, $b, $o, $d) RETURNING id;"
            : "UPDATE audit_insights SET end_ms = $e, baseline = $b, observed = $o, details = $d WHERE id = $id RETURNING id;";
        command.Parameters.AddWithValue("$id", insight.Id);
        command.Parameters.AddWithValue("$n", insight.EventName);
        command.Parameters.AddWithValue("$k", insight.Kind);
        command.Parameters.AddWithValue("$s", insight.Start.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$e", insight.End is { } end ? end.ToUnixTimeMilliseconds() : DBNull.Value);
        command.Parameters.AddWithValue("$b", insight.Baseline);
        command.Parameters.AddWithValue("$o", insight.Observed);
        command.Parameters.AddWithValue("$d", insight.DetailsJson);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Insights that overlap [from, to), newest first.</summary>
    public async Task<IReadOnlyList<StoredInsight>> ListInsightsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT id, event_name, kind, start_ms, end_ms, baseline, observed, details FROM audit_insights " +
            "WHERE start_ms < $t AND (end_ms IS NULL OR end_ms >= $f) ORDER BY start_ms DESC, id DESC;";
        command.Parameters.AddWithValue("$f", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$t", to.ToUnixTimeMilliseconds());
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<StoredInsight>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new StoredInsight(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetDouble(5), reader.GetDouble(6), reader.GetString(7)));
        }

        return list;
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _connections.Close();
        return ValueTask.CompletedTask;
    }

    private async Task<object?> ScalarAsync(string sql, object?[] args, CancellationToken ct)
    {
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < args.Length; i++) command.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), args[i] ?? DBNull.Value);
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    private async Task<IReadOnlyList<StoredAuditEvent>> QueryEventsAsync(string sql, object?[] args, CancellationToken ct)
    {
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < args.Length; i++) command.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), args[i] ?? DBNull.Value);
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<StoredAuditEvent>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new StoredAuditEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5),
                reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt64(8) != 0, reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return list;
    }
}
