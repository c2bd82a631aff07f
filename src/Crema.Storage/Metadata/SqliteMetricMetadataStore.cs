using Microsoft.Data.Sqlite;

namespace Crema.Storage.Metadata;

/// <summary><see cref="IMetricMetadataStore"/> over the <c>metric_metadata</c> table.</summary>
internal sealed class SqliteMetricMetadataStore : IMetricMetadataStore
{
    // COALESCE keeps a stored field when the incoming one is null; the WHERE skips the write (and
    // keeps updated_at) when nothing would change, since senders repeat the same metadata constantly.
    private const string UpsertSql = """
        INSERT INTO metric_metadata (namespace, metric_name, unit, type, help, updated_at)
        VALUES ($namespace, $metricName, $unit, $type, $help, $updatedAt)
        ON CONFLICT (namespace, metric_name) DO UPDATE SET
            unit = coalesce(excluded.unit, metric_metadata.unit),
            type = coalesce(excluded.type, metric_metadata.type),
            help = coalesce(excluded.help, metric_metadata.help),
            updated_at = excluded.updated_at
        WHERE (excluded.unit IS NOT NULL AND excluded.unit IS NOT metric_metadata.unit)
           OR (excluded.type IS NOT NULL AND excluded.type IS NOT metric_metadata.type)
           OR (excluded.help IS NOT NULL AND excluded.help IS NOT metric_metadata.help);
        """;

    private const string SelectColumns = "SELECT namespace, metric_name, unit, type, help, updated_at FROM metric_metadata";

    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteWriteGate _writeGate;
    private readonly TimeProvider _time;

    public SqliteMetricMetadataStore(SqliteConnectionFactory connections, SqliteWriteGate writeGate, TimeProvider time)
    {
        _connections = connections;
        _writeGate = writeGate;
        _time = time;
    }

    public async Task UpsertAsync(IReadOnlyList<MetricMetadata> items, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw new ArgumentException($"items[{i}] is null.", nameof(items));
            if (string.IsNullOrEmpty(item.Namespace))
            {
                throw new ArgumentException($"items[{i}].Namespace must not be empty.", nameof(items));
            }

            if (string.IsNullOrEmpty(item.MetricName))
            {
                throw new ArgumentException($"items[{i}].MetricName must not be empty.", nameof(items));
            }
        }

        if (items.Count == 0)
        {
            return;
        }

        using var _ = await _writeGate.EnterAsync(ct).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertSql;
        var ns = command.Parameters.Add("$namespace", SqliteType.Text);
        var name = command.Parameters.Add("$metricName", SqliteType.Text);
        var unit = command.Parameters.Add("$unit", SqliteType.Text);
        var type = command.Parameters.Add("$type", SqliteType.Text);
        var help = command.Parameters.Add("$help", SqliteType.Text);
        command.Parameters.AddWithValue("$updatedAt", _time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Prepare();
        for (var i = 0; i < items.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var item = items[i];
            ns.Value = item.Namespace;
            name.Value = item.MetricName;
            unit.Value = (object?)item.Unit ?? DBNull.Value;
            type.Value = (object?)item.Type ?? DBNull.Value;
            help.Value = (object?)item.Help ?? DBNull.Value;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public async Task<MetricMetadata?> GetAsync(string ns, string metricName, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentException.ThrowIfNullOrEmpty(metricName);
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = SelectColumns + " WHERE namespace = $namespace AND metric_name = $metricName;";
        command.Parameters.AddWithValue("$namespace", ns);
        command.Parameters.AddWithValue("$metricName", metricName);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadRow(reader) : null;
    }

    public async Task<IReadOnlyList<MetricMetadata>> ListAsync(string? ns, CancellationToken ct = default)
    {
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        if (ns is null)
        {
            command.CommandText = SelectColumns + " ORDER BY namespace, metric_name;";
        }
        else
        {
            command.CommandText = SelectColumns + " WHERE namespace = $namespace ORDER BY metric_name;";
            command.Parameters.AddWithValue("$namespace", ns);
        }

        var result = new List<MetricMetadata>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ct.ThrowIfCancellationRequested();
            result.Add(ReadRow(reader));
        }

        return result;
    }

    private static MetricMetadata ReadRow(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));
}
