using System.Text;
using System.Text.Json.Nodes;
using Crema.Client.Contracts;
using Crema.Core.Dashboards;
using Crema.Core.Identity;
using Crema.Server.Audit;
using Crema.Server.Http;
using Crema.Server.Security;
using Crema.Storage.Dashboards;

namespace Crema.Server.Dashboards;

/// <summary>Dashboards under /api/v1/dashboards: list, get, put (create or replace, validated whole), rename, duplicate, delete.</summary>
internal static class DashboardEndpoints
{
    public static void MapDashboards(this WebApplication app)
    {
        var g = app.MapGroup("/api/v1/dashboards").WithTags("Dashboards").AddEndpointFilter<IdentityExceptionFilter>();
        g.MapGet("", ListAsync).Operation("ListDashboards", "dashboards:List", readOnly: true)
            .WithSummary("Every dashboard the caller may list: name, title, widget count, size, last change")
            .Produces<ListDashboardsResponse>();
        g.MapGet("/{name}", GetAsync).Operation("GetDashboard", "dashboards:Get", "dashboards/{name}", readOnly: true)
            .WithSummary("One dashboard with its body").Produces<DashboardDto>();
        g.MapPut("/{name}", PutAsync).Operation("PutDashboard", "dashboards:Put", "dashboards/{name}")
            .WithSummary("Create or replace a dashboard; the body is validated whole and refused whole, naming each field and rule")
            .Accepts<DashboardBodyDto>("application/json").Produces<DashboardSummaryDto>().ProducesValidationProblem();
        g.MapPost("/{name}/rename", RenameAsync).Operation("RenameDashboard", "dashboards:Put", "dashboards/{name}")
            .WithSummary("Give a dashboard a new name (needs dashboards:Put on the new name and dashboards:Delete on the old)")
            .Produces<DashboardSummaryDto>();
        g.MapPost("/{name}/duplicate", DuplicateAsync).Operation("DuplicateDashboard", "dashboards:Get", "dashboards/{name}")
            .WithSummary("Copy a dashboard under a new name (needs dashboards:Put on the new name)")
            .Produces<DashboardSummaryDto>();
        g.MapDelete("/{name}", DeleteAsync).Operation("DeleteDashboards", "dashboards:Delete", "dashboards/{name}")
            .WithSummary("Delete a dashboard");
    }

    private static async Task<IResult> ListAsync(HttpContext ctx, IDashboardStore store, CancellationToken ct)
    {
        var all = await store.ListAsync(ct).ConfigureAwait(false);
        var shown = new List<DashboardSummaryDto>(all.Count);
        foreach (var d in all)
        {
            if (ctx.Allows("dashboards:List", ResourceNames.Dashboard(d.Name))) shown.Add(Summary(d.Name, d.Title, d.WidgetCount, d.UpdatedAt, d.UpdatedBy, d.Size));
        }

        return Results.Ok(new ListDashboardsResponse(shown));
    }

    private static async Task<IResult> GetAsync(string name, IDashboardStore store, CancellationToken ct)
    {
        var d = await store.GetAsync(name, ct).ConfigureAwait(false) ?? throw NotFound(name);
        return Results.Ok(new DashboardDto
        {
            Name = d.Name,
            Body = JsonNode.Parse(d.BodyJson) as JsonObject ?? [],
            Title = d.Title,
            WidgetCount = d.WidgetCount,
            CreatedAt = d.CreatedAt,
            UpdatedAt = d.UpdatedAt,
            UpdatedBy = d.UpdatedBy,
            Size = d.Size,
        });
    }

    private static async Task<IResult> PutAsync(string name, HttpContext ctx, IDashboardStore store, TimeProvider time, CancellationToken ct)
    {
        CheckName(name, "name");
        var (buffer, length) = await BodyReader.ReadAsync(ctx.Request, DashboardLimits.MaxBodyBytes, ct).ConfigureAwait(false);
        if (buffer is null) return Problems.Validation("body", $"must be at most {DashboardLimits.MaxBodyBytes} bytes");
        string json;
        try
        {
            json = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return Problems.Validation("body", "must be UTF-8 text");
        }
        finally
        {
            Crema.Core.Buffers.IoBuffers.Pool.Return(buffer);
        }

        ctx.Audit().Parameters = new JsonObject { ["name"] = name, ["size"] = length };
        var validation = DashboardValidator.Validate(json);
        if (!validation.IsValid)
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var e in validation.Errors)
            {
                errors[e.Path] = errors.TryGetValue(e.Path, out var rules) ? [.. rules, e.Rule] : [e.Rule];
            }

            return Problems.Validation(errors, "The dashboard is not valid; nothing was changed");
        }

        var summary = validation.Summary!;
        var now = time.GetUtcNow();
        var by = ctx.Principal().UserName;
        var created = await store.PutAsync(new DashboardRecord(name, json, summary.Title, summary.WidgetCount, length, now, now, by), ct).ConfigureAwait(false);
        ctx.Audit().Parameters = new JsonObject { ["name"] = name, ["title"] = summary.Title, ["widgetCount"] = summary.WidgetCount, ["size"] = length };
        ctx.Audit().Response = new JsonObject { ["created"] = created };
        return Results.Ok(Summary(name, summary.Title, summary.WidgetCount, now, by, length));
    }

    private static async Task<IResult> RenameAsync(string name, HttpContext ctx, IDashboardStore store, TimeProvider time, CancellationToken ct)
    {
        var newName = await NewNameAsync(name, ctx, ct).ConfigureAwait(false);
        if (ctx.Deny("dashboards:Delete", ResourceNames.Dashboard(name)) is { } cannotDelete) return cannotDelete;
        if (ctx.Deny("dashboards:Put", ResourceNames.Dashboard(newName)) is { } cannotPut) return cannotPut;
        var outcome = await store.RenameAsync(name, newName, time.GetUtcNow(), ctx.Principal().UserName, ct).ConfigureAwait(false);
        return await AnswerAsync(outcome, name, newName, store, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> DuplicateAsync(string name, HttpContext ctx, IDashboardStore store, TimeProvider time, CancellationToken ct)
    {
        var newName = await NewNameAsync(name, ctx, ct).ConfigureAwait(false);
        if (ctx.Deny("dashboards:Put", ResourceNames.Dashboard(newName)) is { } cannotPut) return cannotPut;
        var outcome = await store.DuplicateAsync(name, newName, time.GetUtcNow(), ctx.Principal().UserName, ct).ConfigureAwait(false);
        return await AnswerAsync(outcome, name, newName, store, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> DeleteAsync(string name, IDashboardStore store, CancellationToken ct) =>
        await store.DeleteAsync(name, ct).ConfigureAwait(false) ? Results.NoContent() : throw NotFound(name);

    private static async Task<string> NewNameAsync(string name, HttpContext ctx, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<DashboardNewNameRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required ({\"newName\": …})");
        ctx.Audit().Parameters = new JsonObject { ["name"] = name, ["newName"] = request.NewName };
        var newName = request.NewName ?? "";
        CheckName(newName, "newName");
        if (string.Equals(newName, name, StringComparison.Ordinal)) throw IdentityException.Invalid("newName", "must differ from the dashboard's name");
        return newName;
    }

    private static async Task<IResult> AnswerAsync(DashboardCopyOutcome outcome, string name, string newName, IDashboardStore store, CancellationToken ct)
    {
        switch (outcome)
        {
            case DashboardCopyOutcome.NotFound:
                throw NotFound(name);
            case DashboardCopyOutcome.NameTaken:
                throw IdentityException.Conflict("newName", $"a dashboard named '{newName}' exists already");
        }

        var d = await store.GetAsync(newName, ct).ConfigureAwait(false) ?? throw NotFound(newName);
        return Results.Ok(Summary(d.Name, d.Title, d.WidgetCount, d.UpdatedAt, d.UpdatedBy, d.Size));
    }

    private static void CheckName(string name, string field)
    {
        if (!DashboardName.IsValid(name)) throw IdentityException.Invalid(field, DashboardName.Rule);
    }

    private static IdentityException NotFound(string name) => IdentityException.NotFound("name", $"no dashboard is named '{name}'");

    private static DashboardSummaryDto Summary(string name, string? title, int widgets, DateTimeOffset updatedAt, string updatedBy, long size) =>
        new() { Name = name, Title = title, WidgetCount = widgets, UpdatedAt = updatedAt, UpdatedBy = updatedBy, Size = size };
}
