using System.Globalization;
using System.Text.Json.Nodes;
using Crema.Client.Contracts;
using Crema.Core.Identity;
using Crema.Server.Audit;
using Crema.Server.Http;
using Crema.Server.Security;

namespace Crema.Server.Scaling;

/// <summary>/api/v1/scaling: targets (register, suspend, resume, set desired), policies, scheduled actions, activities.</summary>
internal static class ScalingEndpoints
{
    private const string Target = "scaling/{name}";

    public static void MapScaling(this WebApplication app)
    {
        // Users may not change or delete the alarms a target-tracking policy owns; SetAlarmState stays allowed, for testing.
        app.UseMiddleware<ManagedAlarmGuard>();

        var g = app.MapGroup("/api/v1/scaling").WithTags("Scaling").AddEndpointFilter<IdentityExceptionFilter>();
        g.MapGet("/targets", async (HttpContext ctx, ScalingService s, CancellationToken ct) =>
                Results.Ok(new ListScalableTargetsResponse([.. (await s.ListTargetsAsync(ct).ConfigureAwait(false)).Where(t => ctx.Allows("scaling:Describe", ResourceNames.Scaling(t.Name)))])))
            .Operation("DescribeScalableTargets", "scaling:Describe", readOnly: true).WithSummary("Every scalable target the caller may see");
        g.MapGet("/targets/{name}", async (string name, HttpContext ctx, ScalingService s, CancellationToken ct) =>
                Results.Ok(await s.GetTargetAsync(name, ctx.Request.Query["refresh"] == "true", ct).ConfigureAwait(false)))
            .Operation("DescribeScalableTarget", "scaling:Describe", Target, readOnly: true).WithSummary("One target; ?refresh=true asks the actuator for the actual capacity first");
        g.MapPut("/targets/{name}", PutTargetAsync).Operation("RegisterScalableTarget", "scaling:Put", Target)
            .WithSummary("Register a scalable target or change it; a new webhook target's signing secret is returned this once");
        g.MapDelete("/targets/{name}", async (string name, ScalingService s, CancellationToken ct) =>
                await s.DeleteTargetAsync(name, ct).ConfigureAwait(false) ? Results.NoContent() : throw IdentityException.NotFound("name", $"no scalable target is named '{name}'"))
            .Operation("DeregisterScalableTarget", "scaling:Delete", Target).WithSummary("Deregister a target with its policies (and their managed alarms) and scheduled actions");
        g.MapPost("/targets/{name}/suspend", (string name, HttpContext ctx, ScalingService s, CancellationToken ct) => SuspendAsync(name, true, ctx, s, ct))
            .Operation("SuspendScaling", "scaling:Suspend", Target).WithSummary("Suspend dynamic scale-in, scale-out and/or scheduled scaling (all when none is named)");
        g.MapPost("/targets/{name}/resume", (string name, HttpContext ctx, ScalingService s, CancellationToken ct) => SuspendAsync(name, false, ctx, s, ct))
            .Operation("ResumeScaling", "scaling:Suspend", Target).WithSummary("Resume what was suspended (all when none is named)");
        g.MapPost("/targets/{name}/desired-capacity", SetDesiredAsync).Operation("SetDesiredCapacity", "scaling:SetCapacity", Target)
            .WithSummary("Set the desired capacity by hand (within min and max); the actuator is called at once and the activity returned");

        g.MapGet("/targets/{name}/policies", async (string name, ScalingService s, CancellationToken ct) =>
                Results.Ok(new ListScalingPoliciesResponse(await s.ListPoliciesAsync(name, ct).ConfigureAwait(false))))
            .Operation("DescribeScalingPolicies", "scaling:Describe", Target, readOnly: true);
        g.MapGet("/targets/{name}/policies/{policy}", async (string name, string policy, ScalingService s, CancellationToken ct) =>
                Results.Ok(await s.GetPolicyAsync(name, policy, ct).ConfigureAwait(false)))
            .Operation("DescribeScalingPolicy", "scaling:Describe", Target, readOnly: true);
        g.MapPut("/targets/{name}/policies/{policy}", PutPolicyAsync).Operation("PutScalingPolicy", "scaling:Put", Target)
            .WithSummary("Create or replace a target-tracking policy (Crema creates its alarms) or a step policy on one of your alarms");
        g.MapDelete("/targets/{name}/policies/{policy}", async (string name, string policy, ScalingService s, CancellationToken ct) =>
                await s.DeletePolicyAsync(name, policy, ct).ConfigureAwait(false) ? Results.NoContent() : throw IdentityException.NotFound("policyName", $"target '{name}' has no policy '{policy}'"))
            .Operation("DeleteScalingPolicy", "scaling:Delete", Target).WithSummary("Delete a policy (a target-tracking policy's alarms go with it)");

        g.MapGet("/targets/{name}/scheduled-actions", async (string name, ScalingService s, CancellationToken ct) =>
                Results.Ok(new ListScheduledActionsResponse(await s.ListActionsAsync(name, ct).ConfigureAwait(false))))
            .Operation("DescribeScheduledActions", "scaling:Describe", Target, readOnly: true);
        g.MapPut("/targets/{name}/scheduled-actions/{action}", PutActionAsync).Operation("PutScheduledAction", "scaling:Put", Target)
            .WithSummary("Create or replace a scheduled action: at(...) or cron(...) in an IANA time zone");
        g.MapDelete("/targets/{name}/scheduled-actions/{action}", async (string name, string action, ScalingService s, CancellationToken ct) =>
                await s.DeleteActionAsync(name, action, ct).ConfigureAwait(false) ? Results.NoContent() : throw IdentityException.NotFound("scheduledActionName", $"target '{name}' has no scheduled action '{action}'"))
            .Operation("DeleteScheduledAction", "scaling:Delete", Target);

        g.MapGet("/activities", (HttpContext ctx, ScalingService s, CancellationToken ct) => ActivitiesAsync(ctx.Request.Query["target"].ToString() is { Length: > 0 } t ? t : null, ctx, s, ct))
            .Operation("DescribeScalingActivities", "scaling:Describe", readOnly: true).WithSummary("Activities newest first (?target=, maxRecords, nextToken)");
        g.MapGet("/targets/{name}/activities", (string name, HttpContext ctx, ScalingService s, CancellationToken ct) => ActivitiesAsync(name, ctx, s, ct))
            .Operation("DescribeTargetScalingActivities", "scaling:Describe", Target, readOnly: true);
    }

    private static async Task<IResult> PutTargetAsync(string name, HttpContext ctx, ScalingService s, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<PutScalableTargetRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        var (response, errors) = await s.PutTargetAsync(name, request, ct).ConfigureAwait(false);
        if (response is null) return Problems.Validation(errors, "The scalable target is not valid; nothing was changed");
        ctx.Audit().Response = new JsonObject { ["created"] = response.Created, ["desiredCapacity"] = response.Target.DesiredCapacity };
        return Results.Ok(response);
    }

    private static async Task<IResult> SuspendAsync(string name, bool suspend, HttpContext ctx, ScalingService s, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<SuspendScalingRequest>(ctx, ct).ConfigureAwait(false) ?? new SuspendScalingRequest();
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        return Results.Ok(await s.SuspendAsync(name, request, suspend, ct).ConfigureAwait(false));
    }

    private static async Task<IResult> SetDesiredAsync(string name, HttpContext ctx, ScalingService s, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<SetDesiredCapacityRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        if (request.DesiredCapacity is not { } desired) throw IdentityException.Invalid("DesiredCapacity", "DesiredCapacity is required.");
        if (request.Reason is { Length: > 256 }) throw IdentityException.Invalid("Reason", "Reason must be at most 256 characters.");
        var activity = await s.SetDesiredAsync(name, desired, request.Reason, ctx.Principal().UserName, ct).ConfigureAwait(false);
        ctx.Audit().Response = new JsonObject { ["activityId"] = activity.ActivityId, ["status"] = activity.Status };
        return Results.Ok(activity);
    }

    private static async Task<IResult> PutPolicyAsync(string name, string policy, HttpContext ctx, ScalingService s, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<PutScalingPolicyRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);

        // The policy's alarms read metrics: whoever puts it must be allowed to read them.
        var metric = request.TargetTracking?.Metric;
        foreach (var ns in new[] { metric?.Namespace }.Concat((metric?.Metrics ?? []).Select(q => q.MetricStat?.Metric?.Namespace)).OfType<string>().Distinct())
        {
            if (ctx.Deny("metrics:Get", ResourceNames.Metrics(ns)) is { } denied) return denied;
        }
        var (dto, errors) = await s.PutPolicyAsync(name, policy, request, ct).ConfigureAwait(false);
        return dto is null ? Problems.Validation(errors, "The scaling policy is not valid; nothing was changed") : Results.Ok(dto);
    }

    private static async Task<IResult> PutActionAsync(string name, string action, HttpContext ctx, ScalingService s, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<PutScheduledActionRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        var (dto, errors) = await s.PutActionAsync(name, action, request, ct).ConfigureAwait(false);
        return dto is null ? Problems.Validation(errors, "The scheduled action is not valid; nothing was changed") : Results.Ok(dto);
    }

    private static async Task<IResult> ActivitiesAsync(string? target, HttpContext ctx, ScalingService s, CancellationToken ct)
    {
        var q = ctx.Request.Query;
        var max = 50;
        if (q["maxRecords"].ToString() is { Length: > 0 } m && (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max < 1 || max > 500))
            throw IdentityException.Invalid("maxRecords", "must be a whole number from 1 to 500");
        long? before = null;
        if (q["nextToken"].ToString() is { Length: > 0 } token)
        {
            if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var b)) throw IdentityException.Invalid("nextToken", "is not a token returned by this call");
            before = b;
        }
        if (target is not null && ctx.Deny("scaling:Describe", ResourceNames.Scaling(target)) is { } denied) return denied;
        var rows = await s.ActivitiesAsync(target, before, max + 1, ct).ConfigureAwait(false);
        var page = rows.Take(max).Where(a => ctx.Allows("scaling:Describe", ResourceNames.Scaling(a.TargetName))).Select(ScalingService.ToDto).ToList();
        var next = rows.Count > max ? rows[max - 1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return Results.Ok(new ListScalingActivitiesResponse(page, next));
    }
}
