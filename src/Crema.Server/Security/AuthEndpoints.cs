using Crema.Client.Contracts;
using Crema.Server.Audit;
using Crema.Server.Http;
using Microsoft.Extensions.Options;

namespace Crema.Server.Security;

/// <summary>Sign-in, sign-out, the caller's own session, password and MFA.</summary>
internal static class AuthEndpoints
{
    public static void MapAuth(this WebApplication app)
    {
        var g = app.MapGroup("/api/v1/auth").WithTags("Identity").AddEndpointFilter<IdentityExceptionFilter>();
        g.MapPost("/sign-in", SignInAsync).Public("SignIn", readOnly: false)
            .WithSummary("Sign in with user name, password and (when enrolled) a TOTP or recovery code; sets the session cookie and returns the session token");
        g.MapPost("/sign-out", SignOutAsync).SelfOperation("SignOut").WithSummary("End the caller's session");
        g.MapGet("/session", WhoAmIAsync).SelfOperation("GetSession", readOnly: true).WithSummary("Who the caller is, with the session's CSRF token");
        g.MapPost("/password", ChangePasswordAsync).SelfOperation("ChangePassword").WithSummary("Change the caller's own password (ends every session of the user)");
        g.MapPost("/mfa/enroll", EnrollAsync).SelfOperation("EnrollMfa").WithSummary("Start TOTP enrolment: a secret and its QR code");
        g.MapPost("/mfa/activate", ActivateAsync).SelfOperation("ActivateMfa").WithSummary("Confirm enrolment with a current code; returns recovery codes once");
        g.MapPost("/mfa/deactivate", DeactivateAsync).SelfOperation("DeactivateMfa").WithSummary("Turn the caller's MFA off (needs a current code)");
    }

    private static async Task<IResult> SignInAsync(HttpContext ctx, IdentityService identity, IOptions<SecurityOptions> options, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<SignInRequest>(ctx, ct).ConfigureAwait(false);
        if (request is null) return Problems.Validation("body", "must be a JSON object with userName and password");
        var scope = ctx.Audit();

        // The identity of a sign-in is the user it tries to become, not a session cookie the browser still holds.
        scope.Principal = null;
        scope.AuthMethod = "password";
        scope.AttemptedUserName = request.UserName is { Length: <= 64 } n ? n : request.UserName?[..64];
        scope.Parameters = SecurityMiddleware.ToParameters(request);
        if (request.UserName is not null) scope.Touch("users/" + scope.AttemptedUserName);
        var outcome = await identity.SignInAsync(request, ctx.Connection.RemoteIpAddress?.ToString(), ctx.Request.Headers.UserAgent.ToString(), ct).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            scope.ErrorCode = refusal.ErrorCode;
            scope.ErrorMessage = refusal.Message;
            return Results.Problem(statusCode: refusal.StatusCode, title: "Sign-in refused", detail: refusal.Message,
                extensions: new Dictionary<string, object?> { ["code"] = refusal.ErrorCode });
        }

        var session = outcome.Session!;
        scope.MfaUsed = session.MfaUsed;
        scope.Response = new System.Text.Json.Nodes.JsonObject { ["userName"] = session.UserName, ["expiresAt"] = session.ExpiresAt, ["mfaUsed"] = session.MfaUsed };
        Authenticator.SetSessionCookie(ctx, session.SessionToken, options.Value.SessionLifetime, options.Value.SecureCookies);
        return Results.Ok(session);
    }

    private static async Task<IResult> SignOutAsync(HttpContext ctx, IdentityService identity, CancellationToken ct)
    {
        var p = ctx.Principal();
        if (p.SessionTokenHash is { } hash) await identity.SignOutAsync(hash, ct).ConfigureAwait(false);
        Authenticator.ClearSessionCookie(ctx);
        return Results.NoContent();
    }

    private static async Task<IResult> WhoAmIAsync(HttpContext ctx, IdentityService identity, CancellationToken ct)
    {
        var p = ctx.Principal();
        var user = await identity.GetUserAsync(p.UserName, ct).ConfigureAwait(false);
        string? csrf = null;
        if (p.ViaCookie && ctx.Request.Cookies.TryGetValue(Authenticator.SessionCookie, out var cookie)) csrf = IdentityService.CsrfTokenFor(cookie);
        return Results.Ok(new WhoAmIResponse(p.UserName, p.IsRoot, user.Roles, p.AuthMethod, p.AccessKeyId, p.MfaUsed, user.MfaEnabled, csrf, p.SessionExpiresAt));
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext ctx, IdentityService identity, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<ChangePasswordRequest>(ctx, ct).ConfigureAwait(false);
        if (request is null) return Problems.Validation("body", "must be a JSON object with currentPassword and newPassword");
        ctx.Audit().Touch("users/" + ctx.Principal().UserName);
        await identity.ChangePasswordAsync(ctx.Principal(), request, ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> EnrollAsync(HttpContext ctx, IdentityService identity, CancellationToken ct)
    {
        ctx.Audit().Touch("users/" + ctx.Principal().UserName);
        return Results.Ok(await identity.EnrollMfaAsync(ctx.Principal(), ct).ConfigureAwait(false));
    }

    private static async Task<IResult> ActivateAsync(HttpContext ctx, IdentityService identity, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<MfaCodeRequest>(ctx, ct).ConfigureAwait(false);
        ctx.Audit().Touch("users/" + ctx.Principal().UserName);
        return Results.Ok(await identity.ActivateMfaAsync(ctx.Principal(), request?.Code, ct).ConfigureAwait(false));
    }

    private static async Task<IResult> DeactivateAsync(HttpContext ctx, IdentityService identity, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<MfaCodeRequest>(ctx, ct).ConfigureAwait(false);
        var p = ctx.Principal();
        ctx.Audit().Touch("users/" + p.UserName);
        await identity.DeactivateMfaAsync(p.UserName, p, request?.Code, ct).ConfigureAwait(false);
        return Results.NoContent();
    }
}
