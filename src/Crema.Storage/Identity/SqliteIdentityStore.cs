using Crema.Storage.Metadata;
using Microsoft.Data.Sqlite;
using static Crema.Storage.Metadata.SqlCommands;

namespace Crema.Storage.Identity;

/// <summary><see cref="IIdentityStore"/> over the identity tables of the metadata database.</summary>
internal sealed class SqliteIdentityStore : IIdentityStore
{
    private const string UserColumns =
        "id, name, password_hash, is_root, disabled, mfa_secret, mfa_enabled, mfa_last_step, failed_sign_ins, locked_until, " +
        "password_changed_at, last_sign_in_at, created_at, updated_at, " +
        "(SELECT group_concat(role_name, char(10)) FROM (SELECT role_name FROM user_roles ur WHERE ur.user_id = users.id ORDER BY role_name))";

    private const string KeyColumns =
        "k.access_key_id, k.user_id, u.name, k.description, k.role_name, k.secret_hash, k.secret_protected, k.active, k.created_at, " +
        "k.expires_at, k.last_used_at, k.last_used_from, k.rotated_from FROM api_keys k JOIN users u ON u.id = k.user_id";

    private const string SessionColumns =
        "token_hash, user_id, csrf_hash, mfa_used, created_at, last_seen_at, expires_at, source_address, user_agent FROM sessions";

    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteWriteGate _writeGate;
    private readonly TimeProvider _time;

    public SqliteIdentityStore(SqliteConnectionFactory connections, SqliteWriteGate writeGate, TimeProvider time)
    {
        _connections = connections;
        _writeGate = writeGate;
        _time = time;
    }

    public async Task<int> CountUsersAsync(CancellationToken ct = default) =>
        (int)(long)(await ScalarAsync("SELECT count(*) FROM users;", [], ct).ConfigureAwait(false) ?? 0L);

    public async Task<UserRecord?> FindUserAsync(string name, CancellationToken ct = default) =>
        One(await QueryAsync($"SELECT {UserColumns} FROM users WHERE name = $p0;", [name], ReadUser, ct).ConfigureAwait(false));

    public async Task<UserRecord?> FindUserAsync(long id, CancellationToken ct = default) =>
        One(await QueryAsync($"SELECT {UserColumns} FROM users WHERE id = $p0;", [id], ReadUser, ct).ConfigureAwait(false));

    public Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken ct = default) =>
        QueryAsync($"SELECT {UserColumns} FROM users ORDER BY name;", [], ReadUser, ct);

    public async Task<UserRecord> CreateUserAsync(string name, string? passwordHash, bool isRoot, IReadOnlyList<string> roles, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var now = Now();
        await WriteAsync(
            (connection, transaction) =>
            {
                var id = (long)Scalar(connection, transaction,
                    "INSERT INTO users (name, password_hash, is_root, created_at, updated_at, password_changed_at) VALUES ($p0, $p1, $p2, $p3, $p3, $p4) RETURNING id;",
                    [name, passwordHash, isRoot ? 1 : 0, now, passwordHash is null ? null : now])!;
                InsertRoles(connection, transaction, id, roles);
            },
            $"a user named '{name}' already exists",
            ct).ConfigureAwait(false);
        return await FindUserAsync(name, ct).ConfigureAwait(false) ?? throw new InvalidOperationException("the user just created is missing");
    }

    public Task DeleteUserAsync(long id, CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM users WHERE id = $p0;", [id], null, ct);

    public Task SetPasswordAsync(long id, string passwordHash, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE users SET password_hash = $p1, password_changed_at = $p2, updated_at = $p2 WHERE id = $p0;", [id, passwordHash, Now()], null, ct);

    public Task SetDisabledAsync(long id, bool disabled, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE users SET disabled = $p1, updated_at = $p2 WHERE id = $p0;", [id, disabled ? 1 : 0, Now()], null, ct);

    public Task SetRolesAsync(long id, IReadOnlyList<string> roles, CancellationToken ct = default) =>
        WriteAsync(
            (connection, transaction) =>
            {
                Execute(connection, transaction, "DELETE FROM user_roles WHERE user_id = $p0;", [id]);
                InsertRoles(connection, transaction, id, roles);
                Execute(connection, transaction, "UPDATE users SET updated_at = $p1 WHERE id = $p0;", [id, Now()]);
            },
            "a role named there does not exist",
            ct);

    public Task SetMfaAsync(long id, string? protectedSecret, bool enabled, IReadOnlyList<string>? recoveryCodeHashes, CancellationToken ct = default) =>
        WriteAsync(
            (connection, transaction) =>
            {
                Execute(connection, transaction,
                    "UPDATE users SET mfa_secret = $p1, mfa_enabled = $p2, mfa_last_step = NULL, updated_at = $p3 WHERE id = $p0;",
                    [id, protectedSecret, enabled ? 1 : 0, Now()]);
                if (recoveryCodeHashes is null && protectedSecret is not null) return;
                Execute(connection, transaction, "DELETE FROM recovery_codes WHERE user_id = $p0;", [id]);
                foreach (var hash in recoveryCodeHashes ?? [])
                {
                    Execute(connection, transaction, "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($p0, $p1);", [id, hash]);
                }
            },
            null,
            ct);

    public async Task<bool> AdvanceMfaStepAsync(long id, long step, CancellationToken ct = default) =>
        await ExecuteAsync("UPDATE users SET mfa_last_step = $p1 WHERE id = $p0 AND (mfa_last_step IS NULL OR mfa_last_step < $p1);", [id, step], null, ct)
            .ConfigureAwait(false) == 1;

    public async Task<bool> UseRecoveryCodeAsync(long id, string codeHash, DateTimeOffset at, CancellationToken ct = default) =>
        await ExecuteAsync("UPDATE recovery_codes SET used_at = $p2 WHERE user_id = $p0 AND code_hash = $p1 AND used_at IS NULL;",
            [id, codeHash, at.ToUnixTimeMilliseconds()], null, ct).ConfigureAwait(false) == 1;

    public async Task<int> CountUnusedRecoveryCodesAsync(long id, CancellationToken ct = default) =>
        (int)(long)(await ScalarAsync("SELECT count(*) FROM recovery_codes WHERE user_id = $p0 AND used_at IS NULL;", [id], ct).ConfigureAwait(false) ?? 0L);

    public async Task<int> RecordFailedSignInAsync(long id, int lockAfter, DateTimeOffset lockUntil, CancellationToken ct = default)
    {
        var count = 0;
        await WriteAsync(
            (connection, transaction) =>
            {
                count = (int)(long)Scalar(connection, transaction,
                    "UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE id = $p0 RETURNING failed_sign_ins;", [id])!;
                if (count >= lockAfter)
                {
                    Execute(connection, transaction, "UPDATE users SET failed_sign_ins = 0, locked_until = $p1 WHERE id = $p0;",
                        [id, lockUntil.ToUnixTimeMilliseconds()]);
                }
            },
            null,
            ct).ConfigureAwait(false);
        return count;
    }

    public Task RecordSignInAsync(long id, DateTimeOffset at, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = $p1 WHERE id = $p0;",
            [id, at.ToUnixTimeMilliseconds()], null, ct);

    public Task<IReadOnlyList<RoleRecord>> ListRolesAsync(CancellationToken ct = default) =>
        QueryAsync("SELECT name, description, statements, built_in, created_at, updated_at FROM roles ORDER BY name;", [], ReadRole, ct);

    public async Task<RoleRecord?> FindRoleAsync(string name, CancellationToken ct = default) =>
        One(await QueryAsync("SELECT name, description, statements, built_in, created_at, updated_at FROM roles WHERE name = $p0;", [name], ReadRole, ct)
            .ConfigureAwait(false));

    public Task UpsertRoleAsync(string name, string description, string statementsJson, bool builtIn, bool replace, CancellationToken ct = default) =>
        ExecuteAsync(
            replace
                ? "INSERT INTO roles (name, description, statements, built_in, created_at, updated_at) VALUES ($p0, $p1, $p2, $p3, $p4, $p4) " +
                  "ON CONFLICT (name) DO UPDATE SET description = excluded.description, statements = excluded.statements, built_in = excluded.built_in, updated_at = excluded.updated_at;"
                : "INSERT INTO roles (name, description, statements, built_in, created_at, updated_at) VALUES ($p0, $p1, $p2, $p3, $p4, $p4);",
            [name, description, statementsJson, builtIn ? 1 : 0, Now()],
            $"a role named '{name}' already exists",
            ct);

    public Task DeleteRoleAsync(string name, CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM roles WHERE name = $p0;", [name], $"role '{name}' is still given to a user or a key", ct);

    public Task CreateKeyAsync(ApiKeyRecord key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ExecuteAsync(
            "INSERT INTO api_keys (access_key_id, user_id, description, role_name, secret_hash, secret_protected, active, created_at, expires_at, rotated_from) " +
            "VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9);",
            [key.AccessKeyId, key.UserId, key.Description, key.RoleName, key.SecretHash, key.SecretProtected, key.Active ? 1 : 0,
             key.CreatedAt.ToUnixTimeMilliseconds(), key.ExpiresAt?.ToUnixTimeMilliseconds(), key.RotatedFrom],
            "the key's user or role does not exist, or its id is taken",
            ct);
    }

    public async Task<ApiKeyRecord?> FindKeyAsync(string accessKeyId, CancellationToken ct = default) =>
        One(await QueryAsync($"SELECT {KeyColumns} WHERE k.access_key_id = $p0;", [accessKeyId], ReadKey, ct).ConfigureAwait(false));

    public Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(long? userId, CancellationToken ct = default) =>
        userId is { } id
            ? QueryAsync($"SELECT {KeyColumns} WHERE k.user_id = $p0 ORDER BY k.created_at, k.access_key_id;", [id], ReadKey, ct)
            : QueryAsync($"SELECT {KeyColumns} ORDER BY u.name, k.created_at, k.access_key_id;", [], ReadKey, ct);

    public Task UpdateKeyAsync(string accessKeyId, bool active, string? description, DateTimeOffset? expiresAt, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE api_keys SET active = $p1, description = $p2, expires_at = $p3 WHERE access_key_id = $p0;",
            [accessKeyId, active ? 1 : 0, description, expiresAt?.ToUnixTimeMilliseconds()], null, ct);

    public Task DeleteKeyAsync(string accessKeyId, CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM api_keys WHERE access_key_id = $p0;", [accessKeyId], null, ct);

    public Task RecordKeyUsesAsync(IReadOnlyList<KeyUse> uses, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uses);
        if (uses.Count == 0) return Task.CompletedTask;
        return WriteAsync(
            (connection, transaction) =>
            {
                foreach (var use in uses)
                {
                    Execute(connection, transaction,
                        "UPDATE api_keys SET last_used_at = $p1, last_used_from = $p2 WHERE access_key_id = $p0 AND (last_used_at IS NULL OR last_used_at < $p1);",
                        [use.AccessKeyId, use.At.ToUnixTimeMilliseconds(), use.From]);
                }
            },
            null,
            ct);
    }

    public Task CreateSessionAsync(SessionRecord session, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return ExecuteAsync(
            "INSERT INTO sessions (token_hash, user_id, csrf_hash, mfa_used, created_at, last_seen_at, expires_at, source_address, user_agent) " +
            "VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8);",
            [session.TokenHash, session.UserId, session.CsrfHash, session.MfaUsed ? 1 : 0, session.CreatedAt.ToUnixTimeMilliseconds(),
             session.LastSeenAt.ToUnixTimeMilliseconds(), session.ExpiresAt.ToUnixTimeMilliseconds(), session.SourceAddress, session.UserAgent],
            null,
            ct);
    }

    public async Task<SessionRecord?> FindSessionAsync(string tokenHash, CancellationToken ct = default) =>
        One(await QueryAsync($"SELECT {SessionColumns} WHERE token_hash = $p0;", [tokenHash], ReadSession, ct).ConfigureAwait(false));

    public Task TouchSessionAsync(string tokenHash, DateTimeOffset lastSeen, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE sessions SET last_seen_at = $p1 WHERE token_hash = $p0;", [tokenHash, lastSeen.ToUnixTimeMilliseconds()], null, ct);

    public Task DeleteSessionAsync(string tokenHash, CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM sessions WHERE token_hash = $p0;", [tokenHash], null, ct);

    public Task DeleteSessionsOfUserAsync(long userId, CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM sessions WHERE user_id = $p0;", [userId], null, ct);

    public Task<int> DeleteExpiredSessionsAsync(DateTimeOffset now, CancellationToken ct = default) =>
        ExecuteAsync("DELETE FROM sessions WHERE expires_at <= $p0;", [now.ToUnixTimeMilliseconds()], null, ct);

    private static T? One<T>(IReadOnlyList<T> rows) where T : class => rows.Count > 0 ? rows[0] : null;

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static void InsertRoles(SqliteConnection connection, SqliteTransaction transaction, long userId, IReadOnlyList<string> roles)
    {
        foreach (var role in roles.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            Execute(connection, transaction, "INSERT INTO user_roles (user_id, role_name) VALUES ($p0, (SELECT name FROM roles WHERE name = $p1));", [userId, role]);
        }
    }

    private static UserRecord ReadUser(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), NullableString(r, 2), r.GetInt64(3) != 0, r.GetInt64(4) != 0, NullableString(r, 5), r.GetInt64(6) != 0,
        r.IsDBNull(7) ? null : r.GetInt64(7), (int)r.GetInt64(8), Time(r, 9), Time(r, 10), Time(r, 11), Time(r, 12)!.Value, Time(r, 13)!.Value,
        r.IsDBNull(14) ? [] : r.GetString(14).Split('\n'));

    private static RoleRecord ReadRole(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3) != 0, Time(r, 4)!.Value, Time(r, 5)!.Value);

    private static ApiKeyRecord ReadKey(SqliteDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetString(2), NullableString(r, 3), NullableString(r, 4), r.GetString(5), r.GetString(6), r.GetInt64(7) != 0,
        Time(r, 8)!.Value, Time(r, 9), Time(r, 10), NullableString(r, 11), NullableString(r, 12));

    private static SessionRecord ReadSession(SqliteDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3) != 0, Time(r, 4)!.Value, Time(r, 5)!.Value, Time(r, 6)!.Value,
        NullableString(r, 7), NullableString(r, 8));

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    private Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object?[] args, Func<SqliteDataReader, T> read, CancellationToken ct) =>
        SqlCommands.QueryAsync(_connections, sql, args, read, ct);

    private Task<object?> ScalarAsync(string sql, object?[] args, CancellationToken ct) => SqlCommands.ScalarAsync(_connections, sql, args, ct);

    private async Task<int> ExecuteAsync(string sql, object?[] args, string? conflictMessage, CancellationToken ct)
    {
        var rows = 0;
        await WriteAsync((c, t) => rows = Execute(c, t, sql, args), conflictMessage, ct).ConfigureAwait(false);
        return rows;
    }

    private async Task WriteAsync(Action<SqliteConnection, SqliteTransaction> work, string? conflictMessage, CancellationToken ct)
    {
        using var _ = await _writeGate.EnterAsync(ct).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            work(connection, transaction);
            transaction.Commit();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19 && conflictMessage is not null)
        {
            // 19 = SQLITE_CONSTRAINT: a unique, not-null or foreign-key rule refused the write.
            throw new IdentityConflictException(conflictMessage, ex);
        }
    }
}
