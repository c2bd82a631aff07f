namespace Crema.Server.Security;

/// <summary>The result of checking credentials: a principal, or an error code and a message safe to show.</summary>
public sealed record AuthOutcome(CremaPrincipal? Principal, string? ErrorCode, string? Message, int StatusCode = StatusCodes.Status401Unauthorized)
{
    public static AuthOutcome Ok(CremaPrincipal principal) => new(principal, null, null, StatusCodes.Status200OK);

    public static AuthOutcome Fail(string code, string message, int status = StatusCodes.Status401Unauthorized) => new(null, code, message, status);
}
