namespace Crema.Server.Security;

/// <summary>A refused identity change: the status, an error code and a message that names the field and the rule.</summary>
public sealed class IdentityException : Exception
{
    public IdentityException()
    {
    }

    public IdentityException(string message)
        : base(message)
    {
    }

    public IdentityException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public IdentityException(int statusCode, string errorCode, string field, string message)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        Field = field;
    }

    public int StatusCode { get; } = StatusCodes.Status400BadRequest;

    public string ErrorCode { get; } = "ValidationError";

    public string Field { get; } = "";

    public static IdentityException Invalid(string field, string rule) => new(StatusCodes.Status400BadRequest, "ValidationError", field, rule);

    public static IdentityException NotFound(string field, string what) => new(StatusCodes.Status404NotFound, "NotFound", field, what);

    public static IdentityException Conflict(string field, string what) => new(StatusCodes.Status409Conflict, "Conflict", field, what);
}
