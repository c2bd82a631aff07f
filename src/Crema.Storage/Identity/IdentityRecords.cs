namespace Crema.Storage.Identity;

/// <summary>A user as stored; <see cref="MfaSecretProtected"/> is the TOTP secret encrypted with the server key.</summary>
public sealed record UserRecord(
    long Id,
    string Name,
    string? PasswordHash,
    bool IsRoot,
    bool Disabled,
    string? MfaSecretProtected,
    bool MfaEnabled,
    long? MfaLastStep,
    int FailedSignIns,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? PasswordChangedAt,
    DateTimeOffset? LastSignInAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> Roles);

/// <summary>A role as stored: its policy statements are JSON (the server parses and validates them).</summary>
public sealed record RoleRecord(string Name, string Description, string StatementsJson, bool BuiltIn, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>An API key as stored: the secret only as a SHA-256 hash (to check) and encrypted (for request signing).</summary>
public sealed record ApiKeyRecord(
    string AccessKeyId,
    long UserId,
    string UserName,
    string? Description,
    string? RoleName,
    string SecretHash,
    string SecretProtected,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    string? LastUsedFrom,
    string? RotatedFrom);

/// <summary>A console or CLI session: the token and the CSRF token only as SHA-256 hashes.</summary>
public sealed record SessionRecord(
    string TokenHash,
    long UserId,
    string CsrfHash,
    bool MfaUsed,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    string? SourceAddress,
    string? UserAgent);

/// <summary>One key's last use, flushed in batches rather than written on every request.</summary>
public readonly record struct KeyUse(string AccessKeyId, DateTimeOffset At, string? From);
