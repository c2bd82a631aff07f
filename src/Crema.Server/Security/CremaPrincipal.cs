using Crema.Core.Identity;

namespace Crema.Server.Security;

/// <summary>The authenticated caller of one request.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="UserName">The user's name.</param>
/// <param name="IsRoot">The root user may do everything.</param>
/// <param name="AuthMethod">"password" (sign-in itself), "session", "api-key" or "system".</param>
/// <param name="AccessKeyId">The key used, for api-key callers.</param>
/// <param name="MfaUsed">Whether the session was opened with a second factor.</param>
/// <param name="Policies">The policies of the user's roles.</param>
/// <param name="KeyPolicy">For a key restricted to a role (e.g. ingest-only): that role, which must allow the action too.</param>
/// <param name="SessionTokenHash">For session callers: the session, so that sign-out can end it.</param>
/// <param name="ViaCookie">True when the session came in a cookie: unsafe methods then need the CSRF header.</param>
/// <param name="SessionExpiresAt">When the session ends unless used again.</param>
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
