using Crema.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Crema.Storage.Dashboards;

/// <summary><see cref="IDashboardStore"/> over the dashboards table of the metadata database (migration 7).</summary>
/// <remarks>
/// It opens its own pooled connections to the database file, which <see cref="SqliteMetadataDatabase.OpenAsync"/> has
/// created and migrated; its writes queue on a gate of their own and meet the other stores' only at SQLite's write lock
/// (busy_timeout), which one short transaction per call keeps cheap.
/// </remarks>
public sealed class SqliteDashboardStore : SqliteSideStore, IDashboardStore
{
    private const string Columns = "name, title, widget_count, size, created_at, updated_at, updated_by";

    private SqliteDashboardStore(string databasePath)
        : base(databasePath)
    {
    }

    /// <summary>The store over the metadata database at <paramref name="databasePath"/> (already opened, and so migrated, by <see cref="SqliteMetadataDatabase"/>).</summary>
    public static SqliteDashboardStore Open(string databasePath) => new(databasePath);

    public Task<IReadOnlyList<DashboardListing>> ListAsync(CancellationToken ct = default) =>
        SqlCommands.QueryAsync(Connections, $"SELECT {Columns} FROM dashboards ORDER BY name;", [], ReadListing, ct);

    public async Task<DashboardRecord?> GetAsync(string name, CancellationToken ct = default)
    {
        var rows = await SqlCommands.QueryAsync(Connections, $"SELECT {Columns}, body FROM dashboards WHERE name = $p0;", [name],
            r => (Listing: ReadListing(r), Body: r.GetString(7)), ct).ConfigureAwait(false);
        if (rows.Count == 0) return null;
        var (l, body) = rows[0];
        return new DashboardRecord(l.Name, body, l.Title, l.WidgetCount, l.Size, l.CreatedAt, l.UpdatedAt, l.UpdatedBy);
    }

    public async Task<bool> PutAsync(DashboardRecord dashboard, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        return await WriteAsync((c, t) =>
        {
            // The update comes first so that a replaced dashboard keeps its creation time and the caller learns it was not new.
            var updated = SqlCommands.Execute(c, t,
                "UPDATE dashboards SET body = $p1, title = $p2, widget_count = $p3, size = $p4, updated_at = $p5, updated_by = $p6 WHERE name = $p0;",
                [dashboard.Name, dashboard.BodyJson, dashboard.Title, dashboard.WidgetCount, dashboard.Size, Ms(dashboard.UpdatedAt), dashboard.UpdatedBy]);
            if (updated > 0) return false;
            SqlCommands.Execute(c, t,
                "INSERT INTO dashboards (name, body, title, widget_count, size, created_at, updated_at, updated_by) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7);",
                [dashboard.Name, dashboard.BodyJson, dashboard.Title, dashboard.WidgetCount, dashboard.Size, Ms(dashboard.CreatedAt), Ms(dashboard.UpdatedAt), dashboard.UpdatedBy]);
            return true;
        }, ct).ConfigureAwait(false);
    }

    public Task<DashboardCopyOutcome> RenameAsync(string name, string newName, DateTimeOffset at, string by, CancellationToken ct = default) =>
        WriteAsync((c, t) =>
        {
            if (Exists(c, t, newName)) return Exists(c, t, name) ? DashboardCopyOutcome.NameTaken : DashboardCopyOutcome.NotFound;
            var n = SqlCommands.Execute(c, t, "UPDATE dashboards SET name = $p1, updated_at = $p2, updated_by = $p3 WHERE name = $p0;", [name, newName, Ms(at), by]);
            return n > 0 ? DashboardCopyOutcome.Done : DashboardCopyOutcome.NotFound;
        }, ct);

    public Task<DashboardCopyOutcome> DuplicateAsync(string name, string newName, DateTimeOffset at, string by, CancellationToken ct = default) =>
        WriteAsync((c, t) =>
        {
            if (Exists(c, t, newName)) return Exists(c, t, name) ? DashboardCopyOutcome.NameTaken : DashboardCopyOutcome.NotFound;
            var n = SqlCommands.Execute(c, t,
                "INSERT INTO dashboards (name, body, title, widget_count, size, created_at, updated_at, updated_by) " +
                "SELECT $p1, body, title, widget_count, size, $p2, $p2, $p3 FROM dashboards WHERE name = $p0;", [name, newName, Ms(at), by]);
            return n > 0 ? DashboardCopyOutcome.Done : DashboardCopyOutcome.NotFound;
        }, ct);

    public Task<bool> DeleteAsync(string name, CancellationToken ct = default) =>
        WriteAsync((c, t) => SqlCommands.Execute(c, t, "DELETE FROM dashboards WHERE name = $p0;", [name]) > 0, ct);

    private static bool Exists(SqliteConnection c, SqliteTransaction t, string name) =>
        SqlCommands.Scalar(c, t, "SELECT 1 FROM dashboards WHERE name = $p0;", [name]) is not null;

    private static DashboardListing ReadListing(SqliteDataReader r) =>
        new(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt32(2), r.GetInt64(3), FromMs(r.GetInt64(4)), FromMs(r.GetInt64(5)), r.GetString(6));

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
