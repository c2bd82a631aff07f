using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Identity;
using Crema.Storage.Identity;
using Crema.Storage.Metadata;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Crema.Server.Security;

/// <summary>
/// Users, roles, keys and sessions: bootstraps the root user and the built-in roles, checks credentials
/// (API keys from a cache, so a remote-write request costs one SHA-256), signs users in and manages identities.
/// </summary>
public sealed partial class IdentityService
{
    /// <summary>The session token prefix: tells a session bearer token from an access key pair.</summary>
    public const string SessionPrefix = "cs_";

    public const string RootUserName = "root";

    private readonly Func<IMetadataDatabase> _db;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly SecurityOptions _options;
    private readonly ILogger<IdentityService> _log;
    private readonly ConcurrentDictionary<string, CachedKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, CompiledPolicy> _compiled = new();
    private readonly ConcurrentDictionary<string, KeyUse> _pendingUses = new(StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<string, RolePolicy> _roles = new Dictionary<string, RolePolicy>(StringComparer.OrdinalIgnoreCase);

    public IdentityService(Hosting.StorageHost storage, IDataProtectionProvider protection, TimeProvider time, IOptions<SecurityOptions> options, ILogger<IdentityService> log)
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        _db = () => storage.Metadata;
        _protector = protection.CreateProtector("Crema.Identity.Secrets.v1");
        _time = time;
        _options = options.Value;
        _log = log;
    }

    private IIdentityStore Store => _db().Identity;

    /// <summary>Creates or refreshes the built-in roles and, on first start, the root user.</summary>
    /// <returns>Whether the root user was created now, and the password when this call generated one (the caller shows it once).</returns>
    public async Task<(bool RootCreated, string? GeneratedPassword)> BootstrapAsync(CancellationToken ct)
    {
        foreach (var role in BuiltInRoles.All)
        {
            await Store.UpsertRoleAsync(role.RoleName, role.Description, SerializeStatements(role.Statements), builtIn: true, replace: true, ct).ConfigureAwait(false);
        }

        await ReloadRolesAsync(ct).ConfigureAwait(false);
        if (await Store.CountUsersAsync(ct).ConfigureAwait(false) > 0) return (false, null);
        var password = _options.RootPassword;
        string? generated = null;
        if (string.IsNullOrEmpty(password))
        {
            generated = password = Secrets.NewSecretAccessKey()[..24];
        }
        else if (PasswordRules.Validate(password, RootUserName) is { } rule)
        {
            throw new ArgumentException($"Security:RootPassword (flag --root-password, env CREMA_ROOT_PASSWORD) is refused: {rule}");
        }

        await Store.CreateUserAsync(RootUserName, PasswordHasher.Hash(password), isRoot: true, [BuiltInRoles.AdminName], ct).ConfigureAwait(false);
        Log.RootCreated(_log, generated is null ? "the configured password" : "a generated password shown once on the terminal");
        return (true, generated);
    }

    /// <summary>Checks an access key pair (HTTP Basic or Bearer "id:secret").</summary>
    public async ValueTask<AuthOutcome> AuthenticateKeyAsync(string accessKeyId, string secret, string? from, CancellationToken ct)
    {
        if (!_keys.TryGetValue(accessKeyId, out var cached))
        {
            var key = await Store.FindKeyAsync(accessKeyId, ct).ConfigureAwait(false);
            var user = key is null ? null : await Store.FindUserAsync(key.UserId, ct).ConfigureAwait(false);
            if (key is null || user is null) return InvalidKey();
            cached = new CachedKey(key, user);
            _keys[accessKeyId] = cached;
        }

        if (!Secrets.FixedTimeEquals(Secrets.Sha256Hex(secret), cached.Key.SecretHash)) return InvalidKey();
        var now = _time.GetUtcNow();
        if (!cached.Key.Active) return AuthOutcome.Fail("KeyInactive", $"The access key {accessKeyId} is inactive.");
        if (cached.Key.ExpiresAt is { } exp && exp <= now) return AuthOutcome.Fail("KeyExpired", $"The access key {accessKeyId} expired at {exp:u}.");
        if (cached.User.Disabled) return AuthOutcome.Fail("UserDisabled", $"The user of access key {accessKeyId} is disabled.");
        _pendingUses[accessKeyId] = new KeyUse(accessKeyId, now, from);
        RolePolicy? keyRole = null;
        if (cached.Key.RoleName is { } roleName && !_roles.TryGetValue(roleName, out keyRole))
        {
            return AuthOutcome.Fail("KeyInactive", $"The access key {accessKeyId} is limited to role {roleName}, which no longer exists.");
        }

        return AuthOutcome.Ok(new CremaPrincipal(cached.User.Id, cached.User.Name, cached.User.IsRoot, "api-key", accessKeyId, MfaUsed: false,
            PoliciesOf(cached.User), keyRole, null, ViaCookie: false));
    }

    /// <summary>Checks a session token (cookie or Bearer cs_…); slides its idle expiry.</summary>
    public async ValueTask<AuthOutcome> AuthenticateSessionAsync(string token, bool viaCookie, CancellationToken ct)
    {
        var hash = Secrets.Sha256Hex(token);
        var session = await Store.FindSessionAsync(hash, ct).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (session is null) return AuthOutcome.Fail("SessionExpired", "The session has ended or does not exist; sign in again.");
        var idleEnd = session.LastSeenAt + _options.SessionIdleTimeout;
        if (session.ExpiresAt <= now || idleEnd <= now)
        {
            await Store.DeleteSessionAsync(hash, ct).ConfigureAwait(false);
            return AuthOutcome.Fail("SessionExpired", "The session has ended; sign in again.");
        }

        var user = await Store.FindUserAsync(session.UserId, ct).ConfigureAwait(false);
        if (user is null || user.Disabled) return AuthOutcome.Fail("UserDisabled", "The session's user is disabled or deleted.");

        // Write the sliding expiry at most once a minute: a busy console must not turn every read into a write.
        if (now - session.LastSeenAt >= TimeSpan.FromMinutes(1)) await Store.TouchSessionAsync(hash, now, ct).ConfigureAwait(false);
        var expires = session.ExpiresAt < now + _options.SessionIdleTimeout ? session.ExpiresAt : now + _options.SessionIdleTimeout;
        return AuthOutcome.Ok(new CremaPrincipal(user.Id, user.Name, user.IsRoot, "session", null, session.MfaUsed, PoliciesOf(user), null, hash, viaCookie, expires));
    }

    /// <summary>Signs a user in with password and, when enrolled, a TOTP or recovery code; locks out after repeated failures.</summary>
    public async Task<SignInOutcome> SignInAsync(SignInRequest request, string? from, string? userAgent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new SignInOutcome(null, AuthOutcome.Fail("InvalidCredentials", "The user name or password is not correct."));
        if (string.IsNullOrEmpty(request.UserName) || string.IsNullOrEmpty(request.Password)) return invalid;
        var user = await Store.FindUserAsync(request.UserName, ct).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (user is null || user.PasswordHash is null)
        {
            // Spend the same time as a real check so that response time does not tell which user names exist.
            PasswordHasher.Verify(request.Password, DummyHash.Value);
            return invalid;
        }

        if (user.LockedUntil is { } locked && locked > now)
        {
            return new SignInOutcome(null, AuthOutcome.Fail("AccountLocked",
                $"The user is locked after {_options.LockoutThreshold} failed sign-ins until {locked:u}.", StatusCodes.Status403Forbidden));
        }

        if (user.Disabled) return new SignInOutcome(null, AuthOutcome.Fail("UserDisabled", "The user is disabled.", StatusCodes.Status403Forbidden));
        if (!PasswordHasher.Verify(request.Password, user.PasswordHash))
        {
            await FailAsync(user, ct).ConfigureAwait(false);
            return invalid;
        }

        var mfaUsed = false;
        if (user.MfaEnabled)
        {
            if (string.IsNullOrEmpty(request.TotpCode) && string.IsNullOrEmpty(request.RecoveryCode))
            {
                return new SignInOutcome(null, AuthOutcome.Fail("MfaRequired", "This user has multi-factor authentication: send totpCode (or a recoveryCode)."));
            }

            if (!await CheckSecondFactorAsync(user, request.TotpCode, request.RecoveryCode, now, ct).ConfigureAwait(false))
            {
                await FailAsync(user, ct).ConfigureAwait(false);
                return new SignInOutcome(null, AuthOutcome.Fail("InvalidMfaCode", "The authentication code is not correct (or was already used)."));
            }

            mfaUsed = true;
        }

        if (PasswordHasher.NeedsRehash(user.PasswordHash)) await Store.SetPasswordAsync(user.Id, PasswordHasher.Hash(request.Password), ct).ConfigureAwait(false);
        await Store.RecordSignInAsync(user.Id, now, ct).ConfigureAwait(false);
        var token = SessionPrefix + Secrets.NewSessionToken();
        var csrf = CsrfTokenFor(token);
        var expires = now + _options.SessionLifetime;
        await Store.CreateSessionAsync(new SessionRecord(Secrets.Sha256Hex(token), user.Id, Secrets.Sha256Hex(csrf), mfaUsed, now, now, expires, from, userAgent), ct)
            .ConfigureAwait(false);
        return new SignInOutcome(new SignInResponse(user.Name, token, csrf, expires, mfaUsed), null);
    }

    /// <summary>Ends one session.</summary>
    public Task SignOutAsync(string sessionTokenHash, CancellationToken ct) => Store.DeleteSessionAsync(sessionTokenHash, ct);

    /// <summary>The CSRF token of a session: derived from its token, so the console can fetch it again after a reload.</summary>
    public static string CsrfTokenFor(string sessionToken) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("crema-csrf\n" + sessionToken))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether the principal may do <paramref name="action"/> on <paramref name="resource"/>.</summary>
    public AuthorizationDecision Authorize(CremaPrincipal principal, string action, string resource)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.KeyPolicy is { } keyPolicy)
        {
            var byKey = PolicyEvaluator.Evaluate([keyPolicy], action, resource, principal.UserName);
            if (!byKey.Allowed) return new AuthorizationDecision(false, $"access key {principal.AccessKeyId} is limited to role {keyPolicy.RoleName}: {byKey.Reason}");
        }

        if (principal.IsRoot) return new AuthorizationDecision(true, "the root user may do everything");
        var policy = _compiled.GetOrAdd(principal.UserId, _ => PolicyEvaluator.Compile(principal.Policies, principal.UserName));
        return policy.Evaluate(action, resource);
    }

    /// <summary>The keys used since the last call (for a batched last-used update).</summary>
    public IReadOnlyList<KeyUse> TakeKeyUses()
    {
        var list = new List<KeyUse>(_pendingUses.Count);
        foreach (var id in _pendingUses.Keys)
        {
            if (_pendingUses.TryRemove(id, out var use)) list.Add(use);
        }

        return list;
    }

    /// <summary>Writes pending key uses and removes expired sessions.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await Store.RecordKeyUsesAsync(TakeKeyUses(), ct).ConfigureAwait(false);
        await Store.DeleteExpiredSessionsAsync(_time.GetUtcNow() - _options.SessionIdleTimeout, ct).ConfigureAwait(false);
    }

    internal static string SerializeStatements(IReadOnlyList<PolicyStatement> statements) =>
        JsonSerializer.Serialize(statements.Select(ToDto).ToList(), CremaJson.Options);

    internal static PolicyStatementDto ToDto(PolicyStatement s) =>
        new() { Effect = s.Effect.ToString(), Actions = s.Actions, Resources = s.Resources };

    internal static IReadOnlyList<PolicyStatement> ParseStatements(string json) =>
        (JsonSerializer.Deserialize<List<PolicyStatementDto>>(json, CremaJson.Options) ?? [])
            .Select(d => new PolicyStatement(Enum.Parse<PolicyEffect>(d.Effect ?? "Allow", ignoreCase: true), d.Actions ?? [], d.Resources ?? []))
            .ToList();

    private IReadOnlyList<RolePolicy> PoliciesOf(UserRecord user)
    {
        var roles = _roles;
        var list = new List<RolePolicy>(user.Roles.Count);
        foreach (var name in user.Roles)
        {
            if (roles.TryGetValue(name, out var policy)) list.Add(policy);
        }

        return list;
    }

    private async Task<bool> CheckSecondFactorAsync(UserRecord user, string? totpCode, string? recoveryCode, DateTimeOffset now, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(recoveryCode))
        {
            var normalized = Secrets.NormalizeRecoveryCode(recoveryCode);
            return normalized is not null && await Store.UseRecoveryCodeAsync(user.Id, Secrets.Sha256Hex(normalized), now, ct).ConfigureAwait(false);
        }

        return await CheckTotpAsync(user, totpCode, now, ct).ConfigureAwait(false);
    }

    private async Task<bool> CheckTotpAsync(UserRecord user, string? code, DateTimeOffset now, CancellationToken ct)
    {
        if (user.MfaSecretProtected is null || string.IsNullOrEmpty(code)) return false;
        if (!Base32.TryDecode(_protector.Unprotect(user.MfaSecretProtected), out var secret)) return false;

        // One step either side tolerates clock drift; remembering the step used refuses a replayed code.
        if (!Totp.Verify(secret, code, now, 1, user.MfaLastStep ?? long.MinValue, out var step)) return false;
        return await Store.AdvanceMfaStepAsync(user.Id, step, ct).ConfigureAwait(false);
    }

    private async Task FailAsync(UserRecord user, CancellationToken ct)
    {
        var count = await Store.RecordFailedSignInAsync(user.Id, _options.LockoutThreshold, _time.GetUtcNow() + _options.LockoutDuration, ct).ConfigureAwait(false);
        if (count >= _options.LockoutThreshold) Log.LockedOut(_log, user.Name, _options.LockoutThreshold);
    }

    private async Task ReloadRolesAsync(CancellationToken ct)
    {
        var roles = new Dictionary<string, RolePolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in await Store.ListRolesAsync(ct).ConfigureAwait(false))
        {
            roles[r.Name] = new RolePolicy(r.Name, ParseStatements(r.StatementsJson), r.Description);
        }

        _roles = roles;
        InvalidateCaches();
    }

    private void InvalidateCaches()
    {
        _keys.Clear();
        _compiled.Clear();
    }

    private static AuthOutcome InvalidKey() => AuthOutcome.Fail("InvalidAccessKey", "The access key id or secret is not valid.");

    private sealed record CachedKey(ApiKeyRecord Key, UserRecord User);

    private static class DummyHash
    {
        public static readonly string Value = PasswordHasher.Hash("not-a-real-password-" + Guid.NewGuid().ToString("N"));
    }

    private static partial class Log
    {
        [LoggerMessage(2000, LogLevel.Information, "Created the root user with {How}")]
        public static partial void RootCreated(ILogger logger, string how);

        [LoggerMessage(2001, LogLevel.Warning, "User {User} is locked out after {Count} failed sign-ins")]
        public static partial void LockedOut(ILogger logger, string user, int count);
    }
}
