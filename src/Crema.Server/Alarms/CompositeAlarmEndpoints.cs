using Crema.Client.Contracts;
using Crema.Core.Identity;
using Crema.Server.Audit;
using Crema.Server.Http;
using Crema.Server.Security;

namespace Crema.Server.Alarms;

/// <summary>Composite alarms: put, describe, delete (their history is under /api/v1/alarms/{name}/history).</summary>
internal static class CompositeAlarmEndpoints
{
    public static void MapCompositeAlarms(this WebApplication app)
    {
        var g = app.MapGroup("/api/v1/composite-alarms").WithTags("Alarms").AddEndpointFilter<IdentityExceptionFilter>();
        g.MapPut("/{name}", async (string name, HttpContext ctx, CompositeAlarmService composites, CancellationToken ct) =>
        {
            var request = await JsonBody.ReadAsync<PutCompositeAlarmRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
            ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
            var (alarm, errors) = await composites.PutAsync(name, request, ct).ConfigureAwait(false);
            return alarm is null ? Problems.Validation(errors, "The composite alarm is not valid; nothing was changed") : Results.Ok(alarm);
        }).Operation("PutCompositeAlarm", "alarms:Put", "alarms/{name}").WithSummary("Create or replace a composite alarm (a rule over other alarms' states)");
        g.MapGet("", (HttpContext ctx, CompositeAlarmService composites) =>
                Results.Ok(new DescribeCompositeAlarmsResponse([.. composites.DescribeAll().Where(a => ctx.Allows("alarms:Describe", ResourceNames.Alarm(a.AlarmName)))])))
            .Operation("DescribeCompositeAlarms", "alarms:Describe", readOnly: true);
        g.MapGet("/{name}", (string name, CompositeAlarmService composites) =>
                composites.Describe(name) is { } a ? Results.Ok(a) : throw IdentityException.NotFound("name", $"no composite alarm is named '{name}'"))
            .Operation("DescribeCompositeAlarm", "alarms:Describe", "alarms/{name}", readOnly: true);
        g.MapDelete("/{name}", async (string name, CompositeAlarmService composites, CancellationToken ct) =>
                await composites.DeleteAsync(name, ct).ConfigureAwait(false) ? Results.NoContent() : throw IdentityException.NotFound("name", $"no composite alarm is named '{name}'"))
            .Operation("DeleteCompositeAlarm", "alarms:Delete", "alarms/{name}");
    }
}
