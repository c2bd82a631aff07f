using System.Globalization;
using Crema.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Crema.Storage.Advisor;

/// <summary><see cref="IAdvisorStore"/> over the advisor tables of the metadata database (migration 9).</summary>
/// <remarks>Like the dashboard store it opens its own pooled connections; writes are one short transaction each.</remarks>
public sealed class SqliteAdvisorStore : SqliteSideStore, IAdvisorStore
{
    private const string ResourceColumns = "name, kind, cost, cost_period, currency, namespace, metric_name, dimensions, capacity, created_at, updated_at";
    private const string ResultColumns = "id, check_id, status, summary, items, ran_at";

    private SqliteAdvisorStore(string databasePath)
        : base(databasePath)
    {
    }

    /// <summary>The store over the metadata database at <paramref name="databasePath"/> (already opened, and so migrated, by <see cref="SqliteMetadataDatabase"/>).</summary>
    public static SqliteAdvisorStore Open(string databasePath) => new(databasePath);

    public Task<IReadOnlyList<AdvisorResourceRecord>> ListResourcesAsync(CancellationToken ct = default) =>
        SqlCommands.QueryAsync(Connections, $"SELECT {ResourceColumns} FROM advisor_resources ORDER BY name;", [], ReadResource, ct);

    public Task<bool> PutResourceAsync(AdvisorResourceRecord resource, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var r = resource;
        var cost = r.Cost.ToString(CultureInfo.InvariantCulture);
        return WriteAsync((c, t) =>
        {
            var updated = SqlCommands.Execute(c, t,
                "UPDATE advisor_resources SET kind = $p1, cost = $p2, cost_period = $p3, currency = $p4, namespace = $p5, metric_name = $p6, dimensions = $p7, capacity = $p8, updated_at = $p9 WHERE name = $p0;",
                [r.Name, r.Kind, cost, r.CostPeriod, r.Currency, r.Namespace, r.MetricName, r.DimensionsJson, r.Capacity, Ms(r.UpdatedAt)]);
            if (updated > 0) return false;
            SqlCommands.Execute(c, t, $"INSERT INTO advisor_resources ({ResourceColumns}) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10);",
                [r.Name, r.Kind, cost, r.CostPeriod, r.Currency, r.Namespace, r.MetricName, r.DimensionsJson, r.Capacity, Ms(r.CreatedAt), Ms(r.UpdatedAt)]);
            return true;
        }, ct);
    }

    public Task<bool> DeleteResourceAsync(string name, CancellationToken ct = default) =>
        WriteAsync((c, t) => SqlCommands.Execute(c, t, "DELETE FROM advisor_resources WHERE name = $p0;", [name]) > 0, ct);

    public Task AddResultAsync(AdvisorResultRecord result, int keep, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        return WriteAsync((c, t) =>
        {
            SqlCommands.Execute(c, t, "INSERT INTO advisor_results (check_id, status, summary, items, ran_at) VALUES ($p0, $p1, $p2, $p3, $p4);",
                [result.CheckId, result.Status, result.Summary, result.ItemsJson, Ms(result.RanAt)]);
            SqlCommands.Execute(c, t,
                "DELETE FROM advisor_results WHERE check_id = $p0 AND id NOT IN (SELECT id FROM advisor_results WHERE check_id = $p0 ORDER BY id DESC LIMIT $p1);",
                [result.CheckId, keep]);
            return true;
        }, ct);
    }

    public Task<IReadOnlyList<AdvisorResultRecord>> LatestResultsAsync(CancellationToken ct = default) =>
        SqlCommands.QueryAsync(Connections,
            $"SELECT {ResultColumns} FROM advisor_results WHERE id IN (SELECT MAX(id) FROM advisor_results GROUP BY check_id) ORDER BY check_id;", [], ReadResult, ct);

    public Task<IReadOnlyList<AdvisorResultRecord>> HistoryAsync(string checkId, int limit, CancellationToken ct = default) =>
        SqlCommands.QueryAsync(Connections, $"SELECT {ResultColumns} FROM advisor_results WHERE check_id = $p0 ORDER BY id DESC LIMIT $p1;", [checkId, limit], ReadResult, ct);

    public Task<IReadOnlyList<AdvisorExclusionRecord>> ListExclusionsAsync(CancellationToken ct = default) =>
        SqlCommands.QueryAsync(Connections, "SELECT check_id, resource_id, reason, created_by, created_at FROM advisor_exclusions ORDER BY check_id, resource_id;", [],
            r => new AdvisorExclusionRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), FromMs(r.GetInt64(4))), ct);

    public Task<bool> PutExclusionAsync(AdvisorExclusionRecord exclusion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(exclusion);
        var e = exclusion;
        return WriteAsync((c, t) =>
        {
            var updated = SqlCommands.Execute(c, t, "UPDATE advisor_exclusions SET reason = $p2, created_by = $p3, created_at = $p4 WHERE check_id = $p0 AND resource_id = $p1;",
                [e.CheckId, e.ResourceId, e.Reason, e.CreatedBy, Ms(e.CreatedAt)]);
            if (updated > 0) return false;
            SqlCommands.Execute(c, t, "INSERT INTO advisor_exclusions (check_id, resource_id, reason, created_by, created_at) VALUES ($p0, $p1, $p2, $p3, $p4);",
                [e.CheckId, e.ResourceId, e.Reason, e.CreatedBy, Ms(e.CreatedAt)]);
            return true;
        }, ct);
    }

    public Task<bool> DeleteExclusionAsync(string checkId, string resourceId, CancellationToken ct = default) =>
        WriteAsync((c, t) => SqlCommands.Execute(c, t, "DELETE FROM advisor_exclusions WHERE check_id = $p0 AND resource_id = $p1;", [checkId, resourceId]) > 0, ct);

    private static AdvisorResourceRecord ReadResource(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), decimal.Parse(r.GetString(2), NumberStyles.Number, CultureInfo.InvariantCulture), r.GetString(3), r.GetString(4),
            r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetDouble(8), FromMs(r.GetInt64(9)), FromMs(r.GetInt64(10)));

    private static AdvisorResultRecord ReadResult(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), FromMs(r.GetInt64(5)));

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
