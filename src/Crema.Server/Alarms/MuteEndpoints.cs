using System.Text.Json.Nodes;
using Crema.Client.Contracts;
using Crema.Server.Audit;
using Crema.Server.Http;
using Crema.Server.Security;

namespace Crema.Server.Alarms;

/// <summary>Mute windows under /api/v1/mutes: create or replace, list, read, delete.</summary>
internal static class MuteEndpoints
{
    public static void MapMutes(this WebApplication app)
    {
        var g = app.MapGroup("/api/v1/mutes").WithTags("Alarms").AddEndpointFilter<IdentityExceptionFilter>();
        g.MapPost("", PutAsync).Operation("PutMuteWindow", "alarms:Put", "alarms/*")
            .WithSummary("Create or replace a mute window: matching alarms still change state, but their actions are not run while it is active");
        g.MapGet("", async (string? alarmName, MuteService mutes, CancellationToken ct) =>
                Results.Ok(new ListMutesResponse(await mutes.ListAsync(string.IsNullOrEmpty(alarmName) ? null : alarmName, ct).ConfigureAwait(false))))
            .Operation("DescribeMuteWindows", "alarms:Describe", "alarms/*", readOnly: true)
            .WithSummary("Mute windows by name (only those matching alarmName, when given), with their status now");
        g.MapGet("/{name}", async (string name, MuteService mutes, CancellationToken ct) =>
                await mutes.GetAsync(name, ct).ConfigureAwait(false) is { } m ? Results.Ok(m) : throw IdentityException.NotFound("name", $"no mute window is named '{name}'"))
            .Operation("DescribeMuteWindow", "alarms:Describe", "alarms/*", readOnly: true);
        g.MapDelete("/{name}", async (string name, MuteService mutes, CancellationToken ct) =>
                await mutes.DeleteAsync(name, ct).ConfigureAwait(false) ? Results.NoContent() : throw IdentityException.NotFound("name", $"no mute window is named '{name}'"))
            .Operation("DeleteMuteWindow", "alarms:Put", "alarms/*");
    }

    private static async Task<IResult> PutAsync(HttpContext ctx, MuteService mutes, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<PutMuteRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        var (mute, created) = await mutes.PutAsync(request, ct).ConfigureAwait(false);
        ctx.Audit().Response = new JsonObject { ["status"] = mute.Status, ["created"] = created };
        return created ? Results.Created($"/api/v1/mutes/{Uri.EscapeDataString(mute.Name)}", mute) : Results.Ok(mute);
    }
}
