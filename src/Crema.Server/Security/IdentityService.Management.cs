using System.Text.RegularExpressions;
using Crema.Client.Contracts;
using Crema.Core.Identity;
using Crema.Storage.Identity;
using Microsoft.AspNetCore.DataProtection;

namespace Crema.Server.Security;

/// <summary>Creating and changing users, roles, keys and MFA: every rule refused with the field that broke it.</summary>
public sealed partial class IdentityService
{
    private const int MaxNameLength = 64;

    public async Task<IReadOnlyList<UserDto>> ListUsersAsync(CancellationToken ct)
    {
        var keys = await Store.ListKeysAsync(null, ct).ConfigureAwait(false);
        var users = await Store.ListUsersAsync(ct).ConfigureAwait(false);
        return users.Select(u => ToDto(u, keys.Count(k => k.UserId == u.Id))).ToList();
    }

    public async Task<UserDto> GetUserAsync(string name, CancellationToken ct)
    {
        var user = await RequireUserAsync(name, "userName", ct).ConfigureAwait(false);
        var keys = await Store.ListKeysAsync(user.Id, ct).ConfigureAwait(false);
        return ToDto(user, keys.Count);
    }

    public async Task<UserDto> CreateUserAsync(CreateUserRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = ValidateName(request.UserName, "userName");
        if (string.Equals(name, RootUserName, StringComparison.OrdinalIgnoreCase)) throw IdentityException.Conflict("userName", "'root' is reserved for the root user");
        string? hash = null;
        if (request.Password is not null)
        {
            if (PasswordRules.Validate(request.Password, name) is { } rule) throw IdentityException.Invalid("password", rule);
            hash = PasswordHasher.Hash(request.Password);
        }

        var roles = ValidateRoles(request.Roles ?? []);
        try
        {
            var user = await Store.CreateUserAsync(name, hash, isRoot: false, roles, ct).ConfigureAwait(false);
            return ToDto(user, 0);
        }
        catch (IdentityConflictException)
        {
            throw IdentityException.Conflict("userName", $"a user named '{name}' already exists");
        }
    }

    public async Task<UserDto> UpdateUserAsync(string name, UpdateUserRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await RequireUserAsync(name, "userName", ct).ConfigureAwait(false);
        if (user.IsRoot && (request.Roles is not null || request.Disabled == true))
        {
            throw IdentityException.Invalid(request.Roles is not null ? "roles" : "disabled", "the root user always has every permission and cannot be disabled");
        }

        if (request.Password is not null)
        {
            if (PasswordRules.Validate(request.Password, user.Name) is { } rule) throw IdentityException.Invalid("password", rule);
        }

        var roles = request.Roles is null ? null : ValidateRoles(request.Roles);
        if (roles is not null) await Store.SetRolesAsync(user.Id, roles, ct).ConfigureAwait(false);
        if (request.Disabled is { } disabled)
        {
            await Store.SetDisabledAsync(user.Id, disabled, ct).ConfigureAwait(false);
            if (disabled) await Store.DeleteSessionsOfUserAsync(user.Id, ct).ConfigureAwait(false);
        }

        if (request.Password is not null)
        {
            await Store.SetPasswordAsync(user.Id, PasswordHasher.Hash(request.Password), ct).ConfigureAwait(false);
            await Store.DeleteSessionsOfUserAsync(user.Id, ct).ConfigureAwait(false);
        }

        InvalidateCaches();
        return await GetUserAsync(user.Name, ct).ConfigureAwait(false);
    }

    public async Task DeleteUserAsync(string name, CancellationToken ct)
    {
        var user = await RequireUserAsync(name, "userName", ct).ConfigureAwait(false);
        if (user.IsRoot) throw IdentityException.Invalid("userName", "the root user cannot be deleted");
        await Store.DeleteUserAsync(user.Id, ct).ConfigureAwait(false);
        InvalidateCaches();
    }

    public async Task ChangePasswordAsync(CremaPrincipal principal, ChangePasswordRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(request);
        var user = await RequireUserAsync(principal.UserName, "userName", ct).ConfigureAwait(false);
        if (user.PasswordHash is not null && (request.CurrentPassword is null || !PasswordHasher.Verify(request.CurrentPassword, user.PasswordHash)))
        {
            throw IdentityException.Invalid("currentPassword", "must be the user's present password");
        }

        if (request.NewPassword is null) throw IdentityException.Invalid("newPassword", "is required");
        if (PasswordRules.Validate(request.NewPassword, user.Name) is { } rule) throw IdentityException.Invalid("newPassword", rule);
        await Store.SetPasswordAsync(user.Id, PasswordHasher.Hash(request.NewPassword), ct).ConfigureAwait(false);
        await Store.DeleteSessionsOfUserAsync(user.Id, ct).ConfigureAwait(false);
    }

    /// <summary>Starts TOTP enrolment: a new secret, stored but not active until a code from it is confirmed.</summary>
    public async Task<MfaEnrollResponse> EnrollMfaAsync(CremaPrincipal principal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var user = await RequireUserAsync(principal.UserName, "userName", ct).ConfigureAwait(false);
        if (user.MfaEnabled) throw IdentityException.Conflict("mfa", "multi-factor authentication is already on; deactivate it first");
        var secret = Totp.NewSecret();
        var base32 = Base32.Encode(secret);
        await Store.SetMfaAsync(user.Id, _protector.Protect(base32), enabled: false, null, ct).ConfigureAwait(false);
        var uri = Totp.ProvisioningUri("Crema", user.Name, secret);
        return new MfaEnrollResponse(base32, uri, QrCodes.Svg(uri));
    }

    /// <summary>Confirms enrolment with a code from the new secret; returns the recovery codes (shown once).</summary>
    public async Task<MfaActivatedResponse> ActivateMfaAsync(CremaPrincipal principal, string? code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var user = await RequireUserAsync(principal.UserName, "userName", ct).ConfigureAwait(false);
        if (user.MfaEnabled) throw IdentityException.Conflict("mfa", "multi-factor authentication is already on");
        if (user.MfaSecretProtected is null) throw IdentityException.Invalid("code", "start with POST /api/v1/auth/mfa/enroll");
        if (!await CheckTotpAsync(user, code, _time.GetUtcNow(), ct).ConfigureAwait(false))
        {
            throw IdentityException.Invalid("code", "is not the current code of the enrolled authenticator");
        }

        var codes = Secrets.NewRecoveryCodes();
        await Store.SetMfaAsync(user.Id, user.MfaSecretProtected, enabled: true, codes.Select(c => Secrets.Sha256Hex(Secrets.NormalizeRecoveryCode(c)!)).ToList(), ct)
            .ConfigureAwait(false);
        await Store.AdvanceMfaStepAsync(user.Id, Totp.Step(_time.GetUtcNow()), ct).ConfigureAwait(false);
        return new MfaActivatedResponse(codes);
    }

    /// <summary>Turns MFA off for oneself (a current code is needed) or, with <paramref name="code"/> null, for another user by an administrator.</summary>
    public async Task DeactivateMfaAsync(string userName, CremaPrincipal? self, string? code, CancellationToken ct)
    {
        var user = await RequireUserAsync(userName, "userName", ct).ConfigureAwait(false);
        if (self is not null && !await CheckTotpAsync(user, code, _time.GetUtcNow(), ct).ConfigureAwait(false))
        {
            throw IdentityException.Invalid("code", "is not the current code of the user's authenticator");
        }

        await Store.SetMfaAsync(user.Id, null, enabled: false, null, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RoleDto>> ListRolesAsync(CancellationToken ct) =>
        (await Store.ListRolesAsync(ct).ConfigureAwait(false)).Select(ToDto).ToList();

    public async Task<RoleDto> GetRoleAsync(string name, CancellationToken ct) =>
        ToDto(await Store.FindRoleAsync(name, ct).ConfigureAwait(false) ?? throw IdentityException.NotFound("name", $"no role is named '{name}'"));

    public async Task<RoleDto> PutRoleAsync(string name, PutRoleRequest request, bool create, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        name = ValidateName(name, "name");
        var existing = await Store.FindRoleAsync(name, ct).ConfigureAwait(false);
        if (existing is { BuiltIn: true }) throw IdentityException.Invalid("name", $"'{existing.Name}' is a built-in role and cannot be changed");
        if (create && existing is not null) throw IdentityException.Conflict("name", $"a role named '{existing.Name}' already exists");
        if (!create && existing is null) throw IdentityException.NotFound("name", $"no role is named '{name}'");
        if (request.Statements is null || request.Statements.Count == 0) throw IdentityException.Invalid("statements", "at least one statement is required");
        var statements = new List<PolicyStatement>();
        for (var i = 0; i < request.Statements.Count; i++)
        {
            var s = request.Statements[i];
            if (!Enum.TryParse<PolicyEffect>(s.Effect, ignoreCase: true, out var effect) || !Enum.IsDefined(effect))
            {
                throw IdentityException.Invalid($"statements[{i}].effect", "must be Allow or Deny");
            }

            statements.Add(new PolicyStatement(effect, s.Actions ?? [], s.Resources ?? []));
        }

        if (PolicyValidation.Validate(statements) is { } error)
        {
            var colon = error.IndexOf(':', StringComparison.Ordinal);
            throw IdentityException.Invalid(colon > 0 ? error[..colon] : "statements", colon > 0 ? error[(colon + 1)..].Trim() : error);
        }

        await Store.UpsertRoleAsync(name, request.Description ?? "", SerializeStatements(statements), builtIn: false, replace: !create, ct).ConfigureAwait(false);
        await ReloadRolesAsync(ct).ConfigureAwait(false);
        return await GetRoleAsync(name, ct).ConfigureAwait(false);
    }

    public async Task DeleteRoleAsync(string name, CancellationToken ct)
    {
        var role = await Store.FindRoleAsync(name, ct).ConfigureAwait(false) ?? throw IdentityException.NotFound("name", $"no role is named '{name}'");
        if (role.BuiltIn) throw IdentityException.Invalid("name", $"'{role.Name}' is a built-in role and cannot be deleted");
        try
        {
            await Store.DeleteRoleAsync(role.Name, ct).ConfigureAwait(false);
        }
        catch (IdentityConflictException)
        {
            throw IdentityException.Conflict("name", $"role '{role.Name}' is still given to a user or an access key");
        }

        await ReloadRolesAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ApiKeyDto>> ListKeysAsync(string? userName, CancellationToken ct)
    {
        long? id = null;
        if (userName is not null) id = (await RequireUserAsync(userName, "userName", ct).ConfigureAwait(false)).Id;
        return (await Store.ListKeysAsync(id, ct).ConfigureAwait(false)).Select(ToDto).ToList();
    }

    public async Task<ApiKeyDto> GetKeyAsync(string accessKeyId, CancellationToken ct) => ToDto(await RequireKeyAsync(accessKeyId, ct).ConfigureAwait(false));

    public async Task<CreateKeyResponse> CreateKeyAsync(string owner, CreateKeyRequest request, string? rotatedFrom, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await RequireUserAsync(owner, "userName", ct).ConfigureAwait(false);
        string? role = null;
        if (request.Role is { Length: > 0 })
        {
            role = (await Store.FindRoleAsync(request.Role, ct).ConfigureAwait(false))?.Name ?? throw IdentityException.Invalid("role", $"no role is named '{request.Role}'");
        }

        var now = _time.GetUtcNow();
        if (request.ExpiresAt is { } exp && exp <= now) throw IdentityException.Invalid("expiresAt", "must be in the future");
        if (request.Description is { Length: > 256 }) throw IdentityException.Invalid("description", "must be at most 256 characters");
        var secret = Secrets.NewSecretAccessKey();
        var record = new ApiKeyRecord(Secrets.NewAccessKeyId(), user.Id, user.Name, request.Description, role, Secrets.Sha256Hex(secret), _protector.Protect(secret),
            Active: true, now, request.ExpiresAt, null, null, rotatedFrom);
        await Store.CreateKeyAsync(record, ct).ConfigureAwait(false);
        return new CreateKeyResponse(ToDto(record), secret);
    }

    public async Task<ApiKeyDto> UpdateKeyAsync(string accessKeyId, UpdateKeyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = await RequireKeyAsync(accessKeyId, ct).ConfigureAwait(false);
        var active = request.Status switch
        {
            null => key.Active,
            _ when string.Equals(request.Status, "Active", StringComparison.OrdinalIgnoreCase) => true,
            _ when string.Equals(request.Status, "Inactive", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw IdentityException.Invalid("status", "must be Active or Inactive"),
        };
        if (request.Description is { Length: > 256 }) throw IdentityException.Invalid("description", "must be at most 256 characters");
        await Store.UpdateKeyAsync(key.AccessKeyId, active, request.Description ?? key.Description, request.ExpiresAt ?? key.ExpiresAt, ct).ConfigureAwait(false);
        InvalidateCaches();
        return ToDto(await RequireKeyAsync(accessKeyId, ct).ConfigureAwait(false));
    }

    /// <summary>Makes a new key with the old one's owner, role and description and deactivates the old one.</summary>
    public async Task<CreateKeyResponse> RotateKeyAsync(string accessKeyId, CancellationToken ct)
    {
        var old = await RequireKeyAsync(accessKeyId, ct).ConfigureAwait(false);
        var created = await CreateKeyAsync(old.UserName, new CreateKeyRequest { Description = old.Description, Role = old.RoleName, ExpiresAt = old.ExpiresAt is { } e && e > _time.GetUtcNow() ? e : null },
            old.AccessKeyId, ct).ConfigureAwait(false);
        await Store.UpdateKeyAsync(old.AccessKeyId, active: false, old.Description, old.ExpiresAt, ct).ConfigureAwait(false);
        InvalidateCaches();
        return created;
    }

    public async Task DeleteKeyAsync(string accessKeyId, CancellationToken ct)
    {
        var key = await RequireKeyAsync(accessKeyId, ct).ConfigureAwait(false);
        await Store.DeleteKeyAsync(key.AccessKeyId, ct).ConfigureAwait(false);
        InvalidateCaches();
    }

    /// <summary>The owner of a key (for authorisation on keys/{owner}/{id}), or null when no such key exists.</summary>
    public async Task<string?> KeyOwnerAsync(string accessKeyId, CancellationToken ct) =>
        (await Store.FindKeyAsync(accessKeyId, ct).ConfigureAwait(false))?.UserName;

    /// <summary>The decrypted secret of a key (for request signing); never returned by the API.</summary>
    internal async Task<string?> KeySecretAsync(string accessKeyId, CancellationToken ct) =>
        await Store.FindKeyAsync(accessKeyId, ct).ConfigureAwait(false) is { } key ? _protector.Unprotect(key.SecretProtected) : null;

    private static string ValidateName(string? name, string field)
    {
        if (string.IsNullOrEmpty(name)) throw IdentityException.Invalid(field, "is required");
        if (name.Length > MaxNameLength) throw IdentityException.Invalid(field, $"must be at most {MaxNameLength} characters");
        if (!NamePattern().IsMatch(name)) throw IdentityException.Invalid(field, "may contain only letters, digits and + = , . @ _ -");
        return name;
    }

    private List<string> ValidateRoles(IReadOnlyList<string> roles)
    {
        var known = _roles;
        var list = new List<string>();
        for (var i = 0; i < roles.Count; i++)
        {
            if (!known.TryGetValue(roles[i] ?? "", out var role)) throw IdentityException.Invalid($"roles[{i}]", $"no role is named '{roles[i]}'");
            list.Add(role.RoleName);
        }

        return list;
    }

    private async Task<UserRecord> RequireUserAsync(string name, string field, CancellationToken ct) =>
        await Store.FindUserAsync(name, ct).ConfigureAwait(false) ?? throw IdentityException.NotFound(field, $"no user is named '{name}'");

    private async Task<ApiKeyRecord> RequireKeyAsync(string accessKeyId, CancellationToken ct) =>
        await Store.FindKeyAsync(accessKeyId, ct).ConfigureAwait(false) ?? throw IdentityException.NotFound("accessKeyId", $"no access key has the id '{accessKeyId}'");

    private static UserDto ToDto(UserRecord u, int keys) =>
        new(u.Name, u.IsRoot, u.Disabled, u.Roles, u.MfaEnabled, u.PasswordHash is not null, u.CreatedAt, u.PasswordChangedAt, u.LastSignInAt, u.LockedUntil, keys);

    private static RoleDto ToDto(RoleRecord r) => new(r.Name, r.Description, r.BuiltIn, ParseStatements(r.StatementsJson).Select(ToDto).ToList());

    private static ApiKeyDto ToDto(ApiKeyRecord k) =>
        new(k.AccessKeyId, k.UserName, k.Description, k.RoleName, k.Active ? "Active" : "Inactive", k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.LastUsedFrom, k.RotatedFrom);

    [GeneratedRegex("^[A-Za-z0-9+=,.@_-]+$")]
    private static partial Regex NamePattern();
}
