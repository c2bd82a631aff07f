using System.Globalization;
using Crema.Storage.Metadata;
using Microsoft.Data.Sqlite;
using static Crema.Storage.Metadata.SqlCommands;

namespace Crema.Storage.Notifications;

/// <summary><see cref="INotificationStore"/> over the notification tables of the metadata database.</summary>
internal sealed class SqliteNotificationStore : INotificationStore
{
    private const string TopicColumns =
        "t.name, t.display_name, (SELECT count(*) FROM notification_subscriptions s WHERE s.topic = t.name), t.created_at, t.updated_at " +
        "FROM notification_topics t";

    private const string SubscriptionColumns =
        "id, topic, protocol, endpoint_redacted, endpoint_protected, secret_protected, created_at FROM notification_subscriptions";

    private const string DeliveryColumns =
        "d.id, d.topic, d.subscription_id, s.protocol, s.endpoint_redacted, d.source_type, d.source_name, d.subject, d.text, d.body, d.link, " +
        "d.status, d.attempts, d.next_attempt_at, d.last_error, d.created_at, d.updated_at, s.endpoint_protected, s.secret_protected " +
        "FROM notification_deliveries d JOIN notification_subscriptions s ON s.id = d.subscription_id";

    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteWriteGate _writeGate;
    private readonly TimeProvider _time;

    public SqliteNotificationStore(SqliteConnectionFactory connections, SqliteWriteGate writeGate, TimeProvider time)
    {
        _connections = connections;
        _writeGate = writeGate;
        _time = time;
    }

    public async Task<TopicRecord?> CreateTopicAsync(string name, string displayName, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(displayName);
        var rows = await ExecuteAsync(
            "INSERT INTO notification_topics (name, display_name, created_at, updated_at) VALUES ($p0, $p1, $p2, $p2) ON CONFLICT (name) DO NOTHING;",
            [name, displayName, Now()], ct).ConfigureAwait(false);
        return rows == 0 ? null : await FindTopicAsync(name, ct).ConfigureAwait(false);
    }

    public async Task<TopicRecord?> FindTopicAsync(string name, CancellationToken ct = default) =>
        One(await QueryAsync($"SELECT {TopicColumns} WHERE t.name = $p0;", [name], ReadTopic, ct).ConfigureAwait(false));

    public Task<IReadOnlyList<TopicRecord>> ListTopicsAsync(CancellationToken ct = default) =>
        QueryAsync($"SELECT {TopicColumns} ORDER BY t.name;", [], ReadTopic, ct);

    public async Task<bool> DeleteTopicAsync(string name, CancellationToken ct = default) =>
        await ExecuteAsync("DELETE FROM notification_topics WHERE name = $p0;", [name], ct).ConfigureAwait(false) == 1;

    public async Task<SubscriptionRecord?> AddSubscriptionAsync(string topicName, string protocol, string endpointRedacted, string endpointProtected,
        string? secretProtected, CancellationToken ct = default)
    {
        long? id = null;
        await WriteAsync(
            (connection, transaction) =>
            {
                // Inserting from a SELECT of the topic makes "topic missing" an empty insert rather than a constraint error.
                id = Scalar(connection, transaction,
                    "INSERT INTO notification_subscriptions (topic, protocol, endpoint_redacted, endpoint_protected, secret_protected, created_at) " +
                    "SELECT name, $p1, $p2, $p3, $p4, $p5 FROM notification_topics WHERE name = $p0 RETURNING id;",
                    [topicName, protocol, endpointRedacted, endpointProtected, secretProtected, Now()]) as long?;
                if (id is not null) Execute(connection, transaction, "UPDATE notification_topics SET updated_at = $p1 WHERE name = $p0;", [topicName, Now()]);
            },
            ct).ConfigureAwait(false);
        return id is { } found
            ? One(await QueryAsync($"SELECT {SubscriptionColumns} WHERE id = $p0;", [found], ReadSubscription, ct).ConfigureAwait(false))
            : null;
    }

    public Task<IReadOnlyList<SubscriptionRecord>> ListSubscriptionsAsync(string topicName, CancellationToken ct = default) =>
        QueryAsync($"SELECT {SubscriptionColumns} WHERE topic = $p0 ORDER BY id;", [topicName], ReadSubscription, ct);

    public async Task<bool> DeleteSubscriptionAsync(string topicName, long subscriptionId, CancellationToken ct = default)
    {
        var rows = 0;
        await WriteAsync(
            (connection, transaction) =>
            {
                rows = Execute(connection, transaction, "DELETE FROM notification_subscriptions WHERE topic = $p0 AND id = $p1;", [topicName, subscriptionId]);
                if (rows == 1) Execute(connection, transaction, "UPDATE notification_topics SET updated_at = $p1 WHERE name = $p0;", [topicName, Now()]);
            },
            ct).ConfigureAwait(false);
        return rows == 1;
    }

    public async Task<IReadOnlyList<long>?> EnqueueAsync(string topicName, NotificationContent content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        List<long>? ids = null;
        var now = Now();
        await WriteAsync(
            (connection, transaction) =>
            {
                if (Scalar(connection, transaction, "SELECT 1 FROM notification_topics WHERE name = $p0;", [topicName]) is null) return;
                ids = [];
                using var command = Command(connection, transaction,
                    "INSERT INTO notification_deliveries (topic, subscription_id, source_type, source_name, subject, text, body, link, status, attempts, " +
                    "next_attempt_at, created_at, updated_at) " +
                    "SELECT topic, id, $p1, $p2, $p3, $p4, $p5, $p6, 'Pending', 0, $p7, $p7, $p7 FROM notification_subscriptions WHERE topic = $p0 ORDER BY id " +
                    "RETURNING id;",
                    [topicName, content.SourceType, content.SourceName, content.Subject, content.Text, content.BodyJson, content.Link, now]);
                using var reader = command.ExecuteReader();
                while (reader.Read()) ids.Add(reader.GetInt64(0));
            },
            ct).ConfigureAwait(false);
        ids?.Sort();
        return ids;
    }

    public Task<IReadOnlyList<DeliveryWork>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default) =>
        QueryAsync($"SELECT {DeliveryColumns} WHERE d.status = 'Pending' AND d.next_attempt_at <= $p0 ORDER BY d.next_attempt_at, d.id LIMIT $p1;",
            [now.ToUnixTimeMilliseconds(), limit], r => new DeliveryWork(ReadDelivery(r), r.GetString(17), NullableString(r, 18)), ct);

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default) =>
        await ScalarAsync("SELECT min(next_attempt_at) FROM notification_deliveries WHERE status = 'Pending';", [], ct).ConfigureAwait(false) is long ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    public Task RecordAttemptAsync(long deliveryId, DeliveryStatus status, int attempts, DateTimeOffset? nextAttemptAt, string? lastError,
        CancellationToken ct = default) =>
        ExecuteAsync("UPDATE notification_deliveries SET status = $p1, attempts = $p2, next_attempt_at = $p3, last_error = $p4, updated_at = $p5 WHERE id = $p0;",
            [deliveryId, status.ToString(), attempts, status == DeliveryStatus.Pending ? nextAttemptAt?.ToUnixTimeMilliseconds() : null, lastError, Now()], ct);

    public Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(string topicName, DeliveryStatus? status, int limit, CancellationToken ct = default) =>
        status is { } s
            ? QueryAsync($"SELECT {DeliveryColumns} WHERE d.topic = $p0 AND d.status = $p1 ORDER BY d.id DESC LIMIT $p2;", [topicName, s.ToString(), limit],
                ReadDelivery, ct)
            : QueryAsync($"SELECT {DeliveryColumns} WHERE d.topic = $p0 ORDER BY d.id DESC LIMIT $p1;", [topicName, limit], ReadDelivery, ct);

    public async Task<DeliveryRecord?> FindDeliveryAsync(long deliveryId, CancellationToken ct = default) =>
        One(await QueryAsync($"SELECT {DeliveryColumns} WHERE d.id = $p0;", [deliveryId], ReadDelivery, ct).ConfigureAwait(false));

    public Task<int> DeleteFinishedBeforeAsync(DateTimeOffset before, CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM notification_deliveries WHERE status <> 'Pending' AND updated_at < $p0;", [before.ToUnixTimeMilliseconds()], ct);

    private static T? One<T>(IReadOnlyList<T> rows) where T : class => rows.Count > 0 ? rows[0] : null;

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static TopicRecord ReadTopic(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), (int)r.GetInt64(2), Time(r, 3), Time(r, 4));

    private static SubscriptionRecord ReadSubscription(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), NullableString(r, 5), Time(r, 6));

    private static DeliveryRecord ReadDelivery(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4),
        new NotificationContent(r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9), NullableString(r, 10)),
        Enum.Parse<DeliveryStatus>(r.GetString(11)), (int)r.GetInt64(12), r.IsDBNull(13) ? null : Time(r, 13), NullableString(r, 14), Time(r, 15), Time(r, 16));

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset Time(SqliteDataReader r, int i) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    private Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object?[] args, Func<SqliteDataReader, T> read, CancellationToken ct) =>
        SqlCommands.QueryAsync(_connections, sql, args, read, ct);

    private Task<object?> ScalarAsync(string sql, object?[] args, CancellationToken ct) => SqlCommands.ScalarAsync(_connections, sql, args, ct);

    private async Task<int> ExecuteAsync(string sql, object?[] args, CancellationToken ct)
    {
        var rows = 0;
        await WriteAsync((c, t) => rows = Execute(c, t, sql, args), ct).ConfigureAwait(false);
        return rows;
    }

    private async Task WriteAsync(Action<SqliteConnection, SqliteTransaction> work, CancellationToken ct)
    {
        using var _ = await _writeGate.EnterAsync(ct).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        work(connection, transaction);
        transaction.Commit();
    }
}
