using System.Text.Json.Nodes;
using Crema.Server.Audit;
using Microsoft.AspNetCore.Routing;

namespace Crema.Server.Security;

/// <summary>
/// Authentication → authorization → audit for every request to the API: reads the credentials, refuses
/// what the endpoint's <see cref="CremaOperation"/> does not allow, and records the call (allowed or
/// refused) when the response starts — a management call's response waits until its event is durable.
/// </summary>
public sealed partial class SecurityMiddleware(
    RequestDelegate next,
    Authenticator authenticator,
    IdentityService identity,
    AuditRecorder recorder,
    AuditSettings settings,
    TimeProvider time,
    ILogger<SecurityMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        var op = endpoint?.Metadata.GetMetadata<CremaOperation>();
        var isApi = context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
        if (op is null && !isApi)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var scope = new AuditScope(op);
        context.Features.Set(scope);
        context.Response.OnStarting(() => RecordAsync(context, scope));
        context.Response.OnCompleted(() => RecordAsync(context, scope));

        var outcome = await authenticator.AuthenticateAsync(context, scope, context.RequestAborted).ConfigureAwait(false);
        scope.Principal = outcome?.Principal;
        if (op is { IsPublic: true })
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (op is null)
        {
            if (endpoint is not null && endpoint is RouteEndpoint)
            {
                // Fail closed: an API endpoint that forgot to declare its permission is refused, not opened.
                await RefuseAsync(context, scope, StatusCodes.Status403Forbidden, "AccessDenied", "This endpoint declares no permission, so nobody may call it.").ConfigureAwait(false);
                return;
            }

            if (scope.Principal is null)
            {
                await RefuseAsync(context, scope, StatusCodes.Status401Unauthorized, outcome?.ErrorCode ?? "AuthenticationRequired",
                    outcome?.Message ?? "Sign in or send an access key.").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        if (scope.Principal is not { } principal)
        {
            await RefuseAsync(context, scope, outcome?.StatusCode is StatusCodes.Status403Forbidden ? 403 : StatusCodes.Status401Unauthorized,
                outcome?.ErrorCode ?? "AuthenticationRequired",
                outcome?.Message ?? "This call needs credentials: an access key (HTTP Basic or Bearer id:secret) or a session (sign in).").ConfigureAwait(false);
            return;
        }

        if (principal.ViaCookie && !Authenticator.CsrfOk(context))
        {
            await RefuseAsync(context, scope, StatusCodes.Status403Forbidden, "CsrfTokenInvalid",
                "A change made with the session cookie needs the session's X-CSRF-Token header.").ConfigureAwait(false);
            return;
        }

        if (op.Action is { } action)
        {
            var decision = op.ResourceTemplate is { } template
                ? identity.Authorize(principal, action, Fill(template, context.Request.RouteValues, scope))
                : identity.AuthorizeAnyResource(principal, action);
            if (!decision.Allowed)
            {
                await RefuseAsync(context, scope, StatusCodes.Status403Forbidden, "AccessDenied", $"Not allowed to {action}: {decision.Reason}.").ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>Answers with a problem naming the error code, recording it as the event's error.</summary>
    public static async Task RefuseAsync(HttpContext context, AuditScope scope, int status, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scope);
        scope.ErrorCode = code;
        scope.ErrorMessage = message;
        if (status == StatusCodes.Status401Unauthorized) Authenticator.Challenge(context);
        var title = status == StatusCodes.Status401Unauthorized ? "Authentication required" : "Access denied";
        await Results.Problem(statusCode: status, title: title, detail: message, extensions: new Dictionary<string, object?> { ["code"] = code })
            .ExecuteAsync(context).ConfigureAwait(false);
    }

    private static string Fill(string template, RouteValueDictionary values, AuditScope scope)
    {
        var resource = template;
        foreach (var (key, value) in values)
        {
            resource = resource.Replace("{" + key + "}", value as string ?? "", StringComparison.Ordinal);
        }

        scope.Touch(resource);
        return resource;
    }

    private async Task RecordAsync(HttpContext context, AuditScope scope)
    {
        if (scope.Recorded) return;
        scope.Recorded = true;
        var op = scope.Operation;
        var status = context.Response.StatusCode;
        var refused = status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden;
        if (op is { DataEvent: true } && !refused && !settings.RecordsData(op.ReadOnly, scope.Resources)) return;
        var e = AuditEventFactory.Create(context, scope, time.GetUtcNow());
        var write = recorder.RecordAsync(e, scope.Resources);
        if (op is null || op.ReadOnly || op.DataEvent)
        {
            // Reads and data events are not waited for: they are findable within the writer's next batch.
            _ = write.ContinueWith(t => Log.RecordFailed(log, t.Exception!, e.EventName), CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return;
        }

        await write.ConfigureAwait(false);
    }

    /// <summary>Problem details carry the endpoint's error code; the audit scope gets the message.</summary>
    internal static void Customize(Microsoft.AspNetCore.Http.ProblemDetailsContext pd)
    {
        var scope = pd.HttpContext.Features.Get<AuditScope>();
        if (scope is null) return;
        scope.ErrorMessage ??= pd.ProblemDetails.Detail ?? pd.ProblemDetails.Title;
        if (scope.ErrorCode is { } code) pd.ProblemDetails.Extensions["code"] = code;
        else if (pd.ProblemDetails.Extensions.TryGetValue("code", out var c) && c is string s) scope.ErrorCode = s;
    }

    /// <summary>Adds request parameters from a JSON-serialisable object (secrets are removed when recorded).</summary>
    public static JsonObject? ToParameters<T>(T value) =>
        System.Text.Json.JsonSerializer.SerializeToNode(value, Crema.Client.CremaJson.Options) as JsonObject;

    private static partial class Log
    {
        [LoggerMessage(2101, LogLevel.Error, "Could not record the audit event of {EventName}")]
        public static partial void RecordFailed(ILogger logger, Exception ex, string eventName);
    }
}
