using Crema.Core.Identity;

namespace Crema.Server.Security;

/// <summary>The authenticated caller of one request.</summary>
/// <param name="AuthMethod">"password" (sign-in itself), "session", "api-key" or "system".</param>
/// <param name="Policies">The policies of the user's roles.</param>
/// <param name="KeyPolicy">For a key restricted to a role (e.g. ingest-only): that role, which must allow the action too.</param>
/// <param name="SessionTokenHash">For session callers: the session, so that sign-out can end it.</param>
/// <param name="ViaCookie">True when the session came in a cookie: unsafe methods then need the CSRF header.</param>
public sealed record CremaPrincipal(
    long UserId,
    string UserName,
    bool IsRoot,
    string AuthMethod,
    string? AccessKeyId,
    bool MfaUsed,
    IReadOnlyList<RolePolicy> Policies,
    RolePolicy? KeyPolicy,
    string? SessionTokenHash,
    bool ViaCookie,
    DateTimeOffset? SessionExpiresAt = null);
