using System.Text;
using Crema.Server.Audit;


namespace Crema.Server.Security;

/// <summary>
/// Reads the caller's credentials: an access key pair (HTTP Basic with the key id as user name, or
/// Bearer "id:secret", which remote-write senders can send), a session (Bearer cs_…, from `crema login`),
/// or the console's session cookie.
/// </summary>
public sealed class Authenticator(IdentityService identity)
{
    public const string SessionCookie = "crema_session";

    /// <summary>The principal, an explicit refusal of bad credentials, or (no credentials at all) an outcome with neither.</summary>
    public async ValueTask<AuthOutcome?> AuthenticateAsync(HttpContext context, AuditScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scope);
        var from = context.Connection.RemoteIpAddress?.ToString();
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                string decoded;
                try
                {
                    decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                }
                catch (FormatException)
                {
                    scope.AuthMethod = "api-key";
                    return AuthOutcome.Fail("InvalidAuthorizationHeader", "The Basic credentials are not valid base64.");
                }

                return await KeyAsync(decoded, from, scope, ct).ConfigureAwait(false);
            }

            if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                var token = header[7..].Trim();
                if (token.StartsWith(IdentityService.SessionPrefix, StringComparison.Ordinal))
                {
                    scope.AuthMethod = "session";
                    return await identity.AuthenticateSessionAsync(token, viaCookie: false, ct).ConfigureAwait(false);
                }

                return await KeyAsync(token, from, scope, ct).ConfigureAwait(false);
            }

            return AuthOutcome.Fail("InvalidAuthorizationHeader", "The Authorization header must be Basic (access key id and secret) or Bearer.");
        }

        if (context.Request.Cookies.TryGetValue(SessionCookie, out var cookie) && cookie.Length > 0)
        {
            scope.AuthMethod = "session";
            return await identity.AuthenticateSessionAsync(cookie, viaCookie: true, ct).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Whether a cookie-authenticated unsafe request carries the session's CSRF token.</summary>
    public static bool CsrfOk(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)) return true;
        if (!context.Request.Cookies.TryGetValue(SessionCookie, out var cookie)) return false;
        var sent = context.Request.Headers["X-CSRF-Token"].ToString();
        return sent.Length > 0 && Crema.Core.Identity.Secrets.FixedTimeEquals(sent, IdentityService.CsrfTokenFor(cookie));
    }

    /// <summary>Sets the session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS (or as configured).</summary>
    public static void SetSessionCookie(HttpContext context, string token, TimeSpan lifetime, bool? secure)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(SessionCookie, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = secure ?? context.Request.IsHttps,
            Path = "/",
            // Max-Age, not Expires: the browser's clock need not agree with the server's; the server enforces the end anyway.
            MaxAge = lifetime,
            IsEssential = true,
        });
    }

    /// <summary>Removes the session cookie.</summary>
    public static void ClearSessionCookie(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(SessionCookie, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict });
    }

    private async ValueTask<AuthOutcome> KeyAsync(string pair, string? from, AuditScope scope, CancellationToken ct)
    {
        scope.AuthMethod = "api-key";
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == pair.Length - 1)
        {
            return AuthOutcome.Fail("InvalidAuthorizationHeader", "The credentials must be an access key id and its secret (id:secret).");
        }

        var id = pair[..colon];
        scope.AttemptedAccessKeyId = id.Length <= 64 ? id : id[..64];
        return await identity.AuthenticateKeyAsync(id, pair[(colon + 1)..], from, ct).ConfigureAwait(false);
    }

    /// <summary>The WWW-Authenticate challenge for 401 answers.</summary>
    public static void Challenge(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"crema\", Bearer";
    }
}
