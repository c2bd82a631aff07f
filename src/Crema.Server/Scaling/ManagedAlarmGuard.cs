using Crema.Server.Security;

namespace Crema.Server.Scaling;

/// <summary>Refuses changing, deleting or toggling the actions of an alarm a target-tracking policy manages (409, naming the policy).</summary>
internal sealed class ManagedAlarmGuard(RequestDelegate next)
{
    private static readonly HashSet<string> Guarded = new(StringComparer.Ordinal) { "PutMetricAlarm", "DeleteAlarms", "EnableAlarmActions", "DisableAlarmActions" };

    public async Task InvokeAsync(HttpContext ctx, ScalingService scaling)
    {
        if (ctx.GetEndpoint()?.Metadata.GetMetadata<CremaOperation>() is { } op && Guarded.Contains(op.EventName)
            && ctx.Request.RouteValues["name"] is string name && scaling.IsManagedAlarm(name, out var target, out var policy))
        {
            var detail = $"name: alarm '{name}' is managed by scaling policy '{policy}' of target '{target}'; change or delete the policy instead";
            await Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail,
                extensions: new Dictionary<string, object?> { ["code"] = "ManagedByScaling" }).ExecuteAsync(ctx).ConfigureAwait(false);
            return;
        }
        await next(ctx).ConfigureAwait(false);
    }
}
