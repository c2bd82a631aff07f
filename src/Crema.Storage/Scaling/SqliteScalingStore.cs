using Crema.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Crema.Storage.Scaling;

/// <summary>Scalable targets, their policies, scheduled actions and activities, in the metadata file (tables of migration 8).</summary>
/// <remarks>
/// Opened on the same crema.db as <see cref="SqliteMetadataDatabase"/> once that has migrated it; it has its own
/// connections and write gate, so its writes queue on SQLite's busy timeout behind the other stores' (rare, small writes).
/// </remarks>
public sealed class SqliteScalingStore : SqliteSideStore
{
    private SqliteScalingStore(string path)
        : base(path)
    {
    }

    /// <summary>The store over the metadata database at <paramref name="path"/> (already migrated).</summary>
    public static SqliteScalingStore Open(string path) => new(path);

    public Task<IReadOnlyList<ScalingTargetRecord>> ListTargetsAsync(CancellationToken ct = default) =>
        SqlCommands.QueryAsync(Connections, "SELECT name, definition, secret_protected, created_at, updated_at FROM scaling_targets ORDER BY name;", [],
            r => new ScalingTargetRecord(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), Ms(r.GetInt64(3)), Ms(r.GetInt64(4))), ct);

    public Task SaveTargetAsync(ScalingTargetRecord target, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return WriteAsync((c, t) => SqlCommands.Execute(c, t,
            "INSERT INTO scaling_targets (name, definition, secret_protected, created_at, updated_at) VALUES ($p0, $p1, $p2, $p3, $p4) " +
            "ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, secret_protected = excluded.secret_protected, updated_at = excluded.updated_at;",
            [target.Name, target.DefinitionJson, target.SecretProtected, target.CreatedAt.ToUnixTimeMilliseconds(), target.UpdatedAt.ToUnixTimeMilliseconds()]), ct);
    }

    /// <summary>Deletes a target with its policies and scheduled actions; its activities stay as history.</summary>
    public Task<bool> DeleteTargetAsync(string name, CancellationToken ct = default) =>
        WriteAsync((c, t) =>
        {
            SqlCommands.Execute(c, t, "DELETE FROM scaling_policies WHERE target = $p0;", [name]);
            SqlCommands.Execute(c, t, "DELETE FROM scaling_scheduled_actions WHERE target = $p0;", [name]);
            return SqlCommands.Execute(c, t, "DELETE FROM scaling_targets WHERE name = $p0;", [name]) > 0;
        }, ct);

    public Task<IReadOnlyList<ScalingPolicyRecord>> ListPoliciesAsync(CancellationToken ct = default) =>
        SqlCommands.QueryAsync(Connections, "SELECT target, name, policy_type, definition, created_at, updated_at FROM scaling_policies ORDER BY target, name;", [],
            r => new ScalingPolicyRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Ms(r.GetInt64(4)), Ms(r.GetInt64(5))), ct);

    public Task SavePolicyAsync(ScalingPolicyRecord policy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return WriteAsync((c, t) => SqlCommands.Execute(c, t,
            "INSERT INTO scaling_policies (target, name, policy_type, definition, created_at, updated_at) VALUES ($p0, $p1, $p2, $p3, $p4, $p5) " +
            "ON CONFLICT (target, name) DO UPDATE SET policy_type = excluded.policy_type, definition = excluded.definition, updated_at = excluded.updated_at;",
            [policy.TargetName, policy.Name, policy.PolicyType, policy.DefinitionJson, policy.CreatedAt.ToUnixTimeMilliseconds(), policy.UpdatedAt.ToUnixTimeMilliseconds()]), ct);
    }

    public Task<bool> DeletePolicyAsync(string target, string name, CancellationToken ct = default) =>
        WriteAsync((c, t) => SqlCommands.Execute(c, t, "DELETE FROM scaling_policies WHERE target = $p0 AND name = $p1;", [target, name]) > 0, ct);

    public Task<IReadOnlyList<ScheduledActionRecord>> ListScheduledActionsAsync(CancellationToken ct = default) =>
        SqlCommands.QueryAsync(Connections, "SELECT target, name, definition, last_run_at, created_at, updated_at FROM scaling_scheduled_actions ORDER BY target, name;", [],
            r => new ScheduledActionRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : Ms(r.GetInt64(3)), Ms(r.GetInt64(4)), Ms(r.GetInt64(5))), ct);

    public Task SaveScheduledActionAsync(ScheduledActionRecord action, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        return WriteAsync((c, t) => SqlCommands.Execute(c, t,
            "INSERT INTO scaling_scheduled_actions (target, name, definition, last_run_at, created_at, updated_at) VALUES ($p0, $p1, $p2, $p3, $p4, $p5) " +
            "ON CONFLICT (target, name) DO UPDATE SET definition = excluded.definition, last_run_at = excluded.last_run_at, updated_at = excluded.updated_at;",
            [action.TargetName, action.Name, action.DefinitionJson, action.LastRunAt?.ToUnixTimeMilliseconds(), action.CreatedAt.ToUnixTimeMilliseconds(),
                action.UpdatedAt.ToUnixTimeMilliseconds()]), ct);
    }

    public Task<bool> DeleteScheduledActionAsync(string target, string name, CancellationToken ct = default) =>
        WriteAsync((c, t) => SqlCommands.Execute(c, t, "DELETE FROM scaling_scheduled_actions WHERE target = $p0 AND name = $p1;", [target, name]) > 0, ct);

    /// <summary>Stores a new activity and returns its row id.</summary>
    public Task<long> AppendActivityAsync(ScalingActivityRecord a, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        return WriteAsync((c, t) => (long)SqlCommands.Scalar(c, t,
            "INSERT INTO scaling_activities (activity_id, target, kind, policy, from_capacity, to_capacity, cause, status, error, attempt, started_at, ended_at) " +
            "VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11) RETURNING id;",
            [a.ActivityId, a.TargetName, a.Kind, a.PolicyName, a.FromCapacity, a.ToCapacity, a.Cause, a.Status, a.Error, a.Attempt, a.StartedAt.ToUnixTimeMilliseconds(),
                a.EndedAt?.ToUnixTimeMilliseconds()])!, ct);
    }

    /// <summary>Records how an activity ended.</summary>
    public Task<bool> FinishActivityAsync(long id, string status, string? error, DateTimeOffset endedAt, CancellationToken ct = default) =>
        WriteAsync((c, t) => SqlCommands.Execute(c, t, "UPDATE scaling_activities SET status = $p1, error = $p2, ended_at = $p3 WHERE id = $p0;",
            [id, status, error, endedAt.ToUnixTimeMilliseconds()]) > 0, ct);

    /// <summary>Activities newest first: of one target (or all), started at or after <paramref name="since"/>, with ids below <paramref name="beforeId"/>.</summary>
    public Task<IReadOnlyList<ScalingActivityRecord>> ListActivitiesAsync(string? target, DateTimeOffset? since, long? beforeId, int limit, CancellationToken ct = default) =>
        SqlCommands.QueryAsync(Connections,
            "SELECT id, activity_id, target, kind, policy, from_capacity, to_capacity, cause, status, error, attempt, started_at, ended_at FROM scaling_activities " +
            "WHERE ($p0 IS NULL OR target = $p0) AND ($p1 IS NULL OR started_at >= $p1) AND ($p2 IS NULL OR id < $p2) ORDER BY id DESC LIMIT $p3;",
            [target, since?.ToUnixTimeMilliseconds(), beforeId, limit],
            r => new ScalingActivityRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5), r.GetInt32(6),
                r.GetString(7), r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9), r.GetInt32(10), Ms(r.GetInt64(11)), r.IsDBNull(12) ? null : Ms(r.GetInt64(12))), ct);

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
