namespace Crema.Storage.Identity;

/// <summary>Users, roles, API keys and sessions. Writes that break a rule throw <see cref="IdentityConflictException"/>.</summary>
public interface IIdentityStore
{
    Task<int> CountUsersAsync(CancellationToken ct = default);

    Task<UserRecord?> FindUserAsync(string name, CancellationToken ct = default);

    Task<UserRecord?> FindUserAsync(long id, CancellationToken ct = default);

    Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken ct = default);

    /// <summary>Creates a user with the given roles (which must exist); returns it as stored.</summary>
    Task<UserRecord> CreateUserAsync(string name, string? passwordHash, bool isRoot, IReadOnlyList<string> roles, CancellationToken ct = default);

    Task DeleteUserAsync(long id, CancellationToken ct = default);

    Task SetPasswordAsync(long id, string passwordHash, CancellationToken ct = default);

    Task SetDisabledAsync(long id, bool disabled, CancellationToken ct = default);

    Task SetRolesAsync(long id, IReadOnlyList<string> roles, CancellationToken ct = default);

    /// <summary>Stores a pending (not yet enabled) or enabled TOTP secret, or clears MFA when <paramref name="protectedSecret"/> is null.</summary>
    Task SetMfaAsync(long id, string? protectedSecret, bool enabled, IReadOnlyList<string>? recoveryCodeHashes, CancellationToken ct = default);

    /// <summary>Records the TOTP step just used; false when it is not newer than the last one (a replayed code).</summary>
    Task<bool> AdvanceMfaStepAsync(long id, long step, CancellationToken ct = default);

    /// <summary>Marks an unused recovery code used; false when no unused code has this hash.</summary>
    Task<bool> UseRecoveryCodeAsync(long id, string codeHash, DateTimeOffset at, CancellationToken ct = default);

    Task<int> CountUnusedRecoveryCodesAsync(long id, CancellationToken ct = default);

    /// <summary>Adds one failed sign-in; when the count reaches <paramref name="lockAfter"/> the user is locked until <paramref name="lockUntil"/> and the count restarts. Returns the count after the call.</summary>
    Task<int> RecordFailedSignInAsync(long id, int lockAfter, DateTimeOffset lockUntil, CancellationToken ct = default);

    Task RecordSignInAsync(long id, DateTimeOffset at, CancellationToken ct = default);

    Task<IReadOnlyList<RoleRecord>> ListRolesAsync(CancellationToken ct = default);

    Task<RoleRecord?> FindRoleAsync(string name, CancellationToken ct = default);

    /// <summary>Creates the role, or replaces its description and statements when it exists and <paramref name="replace"/> is set.</summary>
    Task UpsertRoleAsync(string name, string description, string statementsJson, bool builtIn, bool replace, CancellationToken ct = default);

    Task DeleteRoleAsync(string name, CancellationToken ct = default);

    Task CreateKeyAsync(ApiKeyRecord key, CancellationToken ct = default);

    Task<ApiKeyRecord?> FindKeyAsync(string accessKeyId, CancellationToken ct = default);

    Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(long? userId, CancellationToken ct = default);

    Task UpdateKeyAsync(string accessKeyId, bool active, string? description, DateTimeOffset? expiresAt, CancellationToken ct = default);

    Task DeleteKeyAsync(string accessKeyId, CancellationToken ct = default);

    Task RecordKeyUsesAsync(IReadOnlyList<KeyUse> uses, CancellationToken ct = default);

    Task CreateSessionAsync(SessionRecord session, CancellationToken ct = default);

    Task<SessionRecord?> FindSessionAsync(string tokenHash, CancellationToken ct = default);

    Task TouchSessionAsync(string tokenHash, DateTimeOffset lastSeen, CancellationToken ct = default);

    Task DeleteSessionAsync(string tokenHash, CancellationToken ct = default);

    Task DeleteSessionsOfUserAsync(long userId, CancellationToken ct = default);

    Task<int> DeleteExpiredSessionsAsync(DateTimeOffset now, CancellationToken ct = default);
}
