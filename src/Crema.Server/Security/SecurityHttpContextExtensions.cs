using Crema.Server.Audit;

namespace Crema.Server.Security;

/// <summary>Per-resource checks inside endpoints (a namespace named in the body, a key's owner).</summary>
public static class SecurityHttpContextExtensions
{
    /// <summary>The authenticated caller (the middleware guarantees one on non-public endpoints).</summary>
    public static CremaPrincipal Principal(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Audit().Principal ?? throw new InvalidOperationException("this endpoint runs only for an authenticated caller");
    }

    /// <summary>Null when the caller may do <paramref name="action"/> on <paramref name="resource"/>; else a 403 problem to return.</summary>
    public static IResult? Deny(this HttpContext context, string action, string resource)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scope = context.Audit();
        scope.Touch(resource);
        if (scope.Principal is not { } principal) return Unauthenticated(scope);
        var decision = context.RequestServices.GetRequiredService<IdentityService>().Authorize(principal, action, resource);
        if (decision.Allowed) return null;
        scope.ErrorCode = "AccessDenied";
        scope.ErrorMessage = $"Not allowed to {action} on {resource}: {decision.Reason}.";
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Access denied", detail: scope.ErrorMessage,
            extensions: new Dictionary<string, object?> { ["code"] = "AccessDenied" });
    }

    /// <summary>Whether the caller may do <paramref name="action"/> on <paramref name="resource"/> (for filtering lists; not recorded).</summary>
    public static bool Allows(this HttpContext context, string action, string resource)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Audit().Principal is { } principal
            && context.RequestServices.GetRequiredService<IdentityService>().Authorize(principal, action, resource).Allowed;
    }

    private static IResult Unauthenticated(AuditScope scope)
    {
        scope.ErrorCode = "AuthenticationRequired";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required", detail: "This call needs credentials.");
    }
}
