using System.Text.Json.Nodes;
using Crema.Core.Audit;
using Crema.Core.Identity;

namespace Crema.Server.Audit;

/// <summary>Turns a finished (or starting) response and its <see cref="AuditScope"/> into an audit event.</summary>
internal static class AuditEventFactory
{
    public static AuditEvent Create(HttpContext context, AuditScope scope, DateTimeOffset now)
    {
        var op = scope.Operation;
        var status = context.Response.StatusCode;
        var p = scope.Principal;
        var request = context.Request;
        var errorCode = scope.ErrorCode ?? (status >= 400 ? CodeFor(status) : null);
        return new AuditEvent
        {
            EventId = Guid.CreateVersion7(now).ToString(),
            Time = now,
            EventName = op?.EventName ?? (status == StatusCodes.Status404NotFound ? "UnknownOperation" : request.Method + " " + request.Path),
            EventSource = SourceOf(context, scope),
            Identity = new AuditIdentity(p?.UserName ?? scope.AttemptedUserName, p?.AccessKeyId ?? scope.AttemptedAccessKeyId, p?.AuthMethod ?? scope.AuthMethod, p?.MfaUsed ?? scope.MfaUsed),
            SourceAddress = context.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(request.Headers.UserAgent.ToString(), 512),
            RequestParameters = SecretRedactor.Redact(scope.Parameters ?? DefaultParameters(context)),
            ResponseSummary = scope.Response,
            StatusCode = status,
            ErrorCode = errorCode,
            ErrorMessage = errorCode is null ? null : Truncate(scope.ErrorMessage, 1024),
            ReadOnly = op?.ReadOnly ?? (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)),
            DataEvent = op?.DataEvent ?? false,
            Resources = [.. scope.Resources],
        };
    }

    /// <summary>A machine-readable code for a status the endpoint did not name.</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "ValidationError",
        StatusCodes.Status401Unauthorized => "AuthenticationRequired",
        StatusCodes.Status403Forbidden => "AccessDenied",
        StatusCodes.Status404NotFound => "NotFound",
        StatusCodes.Status405MethodNotAllowed => "MethodNotAllowed",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "RequestTooLarge",
        StatusCodes.Status415UnsupportedMediaType => "UnsupportedMediaType",
        StatusCodes.Status429TooManyRequests => "Throttled",
        StatusCodes.Status503ServiceUnavailable => "ServiceUnavailable",
        >= 500 => "InternalError",
        _ => "Error" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string SourceOf(HttpContext context, AuditScope scope)
    {
        if (context.Request.Path.StartsWithSegments("/api/v1/write", StringComparison.Ordinal)) return "remote-write";
        if (scope.Principal?.ViaCookie == true) return "console";
        return context.Request.Headers.UserAgent.ToString().StartsWith("crema-cli", StringComparison.OrdinalIgnoreCase) ? "cli" : "api";
    }

    private static JsonObject? DefaultParameters(HttpContext context)
    {
        var o = new JsonObject();
        foreach (var (key, value) in context.Request.RouteValues)
        {
            if (value is string s) o[key] = s;
        }

        foreach (var (key, values) in context.Request.Query)
        {
            o[key] = values.Count == 1 ? values[0] : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        return o.Count == 0 ? null : o;
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? (string.IsNullOrEmpty(s) ? null : s) : s[..max];
}
