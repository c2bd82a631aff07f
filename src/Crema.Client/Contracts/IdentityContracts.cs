namespace Crema.Client.Contracts;

/// <summary>POST /api/v1/auth/sign-in.</summary>
public sealed record SignInRequest
{
    public string? UserName { get; init; }
    public string? Password { get; init; }

    /// <summary>The current 6-digit code of the user's authenticator, when MFA is on.</summary>
    public string? TotpCode { get; init; }

    /// <summary>A one-time recovery code instead of the TOTP code.</summary>
    public string? RecoveryCode { get; init; }
}

/// <summary>A new session: the token for the CLI (Authorization: Bearer), the CSRF token for the console.</summary>
public sealed record SignInResponse(string UserName, string SessionToken, string CsrfToken, DateTimeOffset ExpiresAt, bool MfaUsed);

/// <summary>GET /api/v1/auth/session: who the caller is.</summary>
public sealed record WhoAmIResponse(string UserName, bool IsRoot, IReadOnlyList<string> Roles, string AuthMethod, string? AccessKeyId, bool MfaUsed,
    bool MfaEnabled, string? CsrfToken, DateTimeOffset? SessionExpiresAt);

/// <summary>POST /api/v1/auth/password.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>POST /api/v1/auth/mfa/enroll: the secret to put into an authenticator app (not active until confirmed).</summary>
public sealed record MfaEnrollResponse(string Secret, string OtpauthUri, string QrSvg);

/// <summary>POST /api/v1/auth/mfa/activate and /deactivate.</summary>
public sealed record MfaCodeRequest(string? Code);

/// <summary>MFA is on: the recovery codes, shown once.</summary>
public sealed record MfaActivatedResponse(IReadOnlyList<string> RecoveryCodes);

/// <summary>A user as the API shows it (never a password hash or MFA secret).</summary>
public sealed record UserDto(string UserName, bool IsRoot, bool Disabled, IReadOnlyList<string> Roles, bool MfaEnabled, bool HasPassword,
    DateTimeOffset CreatedAt, DateTimeOffset? PasswordChangedAt, DateTimeOffset? LastSignInAt, DateTimeOffset? LockedUntil, int ApiKeys);

/// <summary>POST /api/v1/users.</summary>
public sealed record CreateUserRequest
{
    public string? UserName { get; init; }
    public string? Password { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
}

/// <summary>PATCH /api/v1/users/{name}: fields left out stay as they are.</summary>
public sealed record UpdateUserRequest
{
    public IReadOnlyList<string>? Roles { get; init; }
    public bool? Disabled { get; init; }
    public string? Password { get; init; }
}

/// <summary>GET /api/v1/users.</summary>
public sealed record ListUsersResponse(IReadOnlyList<UserDto> Users);

/// <summary>One statement of a role's policy.</summary>
public sealed record PolicyStatementDto
{
    /// <summary>Allow or Deny.</summary>
    public string? Effect { get; init; }
    public IReadOnlyList<string>? Actions { get; init; }
    public IReadOnlyList<string>? Resources { get; init; }
}

/// <summary>A role: built-in ones cannot be changed or deleted.</summary>
public sealed record RoleDto(string Name, string Description, bool BuiltIn, IReadOnlyList<PolicyStatementDto> Statements);

/// <summary>POST /api/v1/roles and PUT /api/v1/roles/{name}.</summary>
public sealed record PutRoleRequest
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<PolicyStatementDto>? Statements { get; init; }
}

/// <summary>GET /api/v1/roles.</summary>
public sealed record ListRolesResponse(IReadOnlyList<RoleDto> Roles);

/// <summary>An API key as listed (never its secret).</summary>
public sealed record ApiKeyDto(string AccessKeyId, string UserName, string? Description, string? Role, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, string? LastUsedFrom, string? RotatedFrom);

/// <summary>POST /api/v1/keys: the key belongs to <see cref="UserName"/> (default: the caller); <see cref="Role"/> narrows it (e.g. ingest-only).</summary>
public sealed record CreateKeyRequest
{
    public string? UserName { get; init; }
    public string? Description { get; init; }
    public string? Role { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A new key: the secret is shown this once and cannot be read again.</summary>
public sealed record CreateKeyResponse(ApiKeyDto Key, string SecretAccessKey);

/// <summary>PATCH /api/v1/keys/{id}.</summary>
public sealed record UpdateKeyRequest
{
    /// <summary>Active or Inactive.</summary>
    public string? Status { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>GET /api/v1/keys.</summary>
public sealed record ListKeysResponse(IReadOnlyList<ApiKeyDto> Keys);
