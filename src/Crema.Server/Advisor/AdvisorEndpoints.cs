using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Advisor;
using Crema.Core.Identity;
using Crema.Server.Audit;
using Crema.Server.Http;
using Crema.Server.Security;
using Crema.Storage.Advisor;

namespace Crema.Server.Advisor;

/// <summary>The advisor under /api/v1/advisor: checks and their status, runs, results by pillar, history, exclusions and business resources.</summary>
internal static class AdvisorEndpoints
{
    private const int MaxNameLength = 255;
    private const int MaxReasonLength = 1024;

    public static void MapAdvisor(this WebApplication app)
    {
        var g = app.MapGroup("/api/v1/advisor").WithTags("Advisor").AddEndpointFilter<IdentityExceptionFilter>();
        g.MapGet("/checks", ListChecksAsync).Operation("DescribeAdvisorChecks", "advisor:Describe", readOnly: true)
            .WithSummary("Every check: pillar, name, what it looks at, the criteria, and its latest status").Produces<ListAdvisorChecksResponse>();
        g.MapPost("/checks/{id}/run", RunOneAsync).Operation("RefreshAdvisorCheck", "advisor:Refresh", "advisor/{id}")
            .WithSummary("Run one check now").Produces<RunAdvisorChecksResponse>();
        g.MapPost("/run", RunAllAsync).Operation("RefreshAdvisorChecks", "advisor:Refresh")
            .WithSummary("Run every check now").Produces<RunAdvisorChecksResponse>();
        g.MapGet("/results", ResultsAsync).Operation("DescribeAdvisorResults", "advisor:Describe", readOnly: true)
            .WithSummary("Red/yellow/green counts and possible monthly saving per pillar, and each check's flagged items (?pillar= for one)").Produces<AdvisorResultsResponse>();
        g.MapGet("/checks/{id}/history", HistoryAsync).Operation("DescribeAdvisorCheckHistory", "advisor:Describe", "advisor/{id}", readOnly: true)
            .WithSummary("A check's stored results, newest first").Produces<AdvisorHistoryResponse>();
        g.MapGet("/exclusions", ListExclusionsAsync).Operation("DescribeAdvisorExclusions", "advisor:Describe", readOnly: true)
            .WithSummary("Every excluded item with its reason").Produces<ListAdvisorExclusionsResponse>();
        g.MapPost("/exclusions", ExcludeAsync).Operation("ExcludeAdvisorItem", "advisor:Exclude")
            .WithSummary("Exclude a flagged item from a check, with a reason").Accepts<PutAdvisorExclusionRequest>("application/json").Produces<AdvisorExclusionDto>();
        g.MapDelete("/exclusions", IncludeAsync).Operation("IncludeAdvisorItem", "advisor:Exclude")
            .WithSummary("Count an excluded item again (?checkId=&resourceId=)");
        g.MapGet("/resources", ListResourcesAsync).Operation("DescribeAdvisorResources", "advisor:Describe", readOnly: true)
            .WithSummary("Every business resource with its monthly cost and usage metric").Produces<ListAdvisorResourcesResponse>();
        g.MapGet("/resources/{name}", GetResourceAsync).Operation("DescribeAdvisorResource", "advisor:Describe", readOnly: true)
            .WithSummary("One business resource").Produces<AdvisorResourceDto>();
        g.MapPut("/resources/{name}", PutResourceAsync).Operation("PutAdvisorResource", "advisor:PutResource")
            .WithSummary("Create or replace a business resource: kind, cost per hour or month, currency, usage metric and its capacity")
            .Accepts<PutAdvisorResourceRequest>("application/json").Produces<AdvisorResourceDto>().ProducesValidationProblem();
        g.MapDelete("/resources/{name}", DeleteResourceAsync).Operation("DeleteAdvisorResource", "advisor:PutResource")
            .WithSummary("Delete a business resource");
    }

    private static async Task<IResult> ListChecksAsync(IAdvisorStore store, AdvisorService advisor, CancellationToken ct)
    {
        var latest = await LatestAsync(store, advisor, ct).ConfigureAwait(false);
        return Results.Ok(new ListAdvisorChecksResponse([.. AdvisorChecks.All.Select(c => AdvisorMapping.ToDto(c, latest.GetValueOrDefault(c.Id)))]));
    }

    private static async Task<IResult> RunOneAsync(string id, AdvisorService advisor, CancellationToken ct)
    {
        var check = AdvisorChecks.Find(id) ?? throw NoCheck(id);
        return Results.Ok(new RunAdvisorChecksResponse(await advisor.RunAsync([check], ct).ConfigureAwait(false)));
    }

    private static async Task<IResult> RunAllAsync(AdvisorService advisor, CancellationToken ct) =>
        Results.Ok(new RunAdvisorChecksResponse(await advisor.RunAsync(null, ct).ConfigureAwait(false)));

    private static async Task<IResult> ResultsAsync(string? pillar, IAdvisorStore store, AdvisorService advisor, CancellationToken ct)
    {
        AdvisorPillar? only = null;
        if (pillar is not null)
        {
            if (!Enum.TryParse<AdvisorPillar>(pillar, ignoreCase: true, out var p) || !Enum.IsDefined(p))
                return Problems.Validation("pillar", "must be one of " + string.Join(", ", Enum.GetNames<AdvisorPillar>()));
            only = p;
        }

        var latest = await LatestAsync(store, advisor, ct).ConfigureAwait(false);
        var checks = new List<AdvisorCheckResultDto>();
        var pillars = new List<AdvisorPillarSummaryDto>();
        foreach (var p in Enum.GetValues<AdvisorPillar>())
        {
            if (only is { } o && o != p) continue;
            int red = 0, yellow = 0, green = 0, na = 0;
            decimal saving = 0;
            foreach (var c in AdvisorChecks.All)
            {
                if (c.Pillar != p || !latest.TryGetValue(c.Id, out var r)) continue;
                checks.Add(r);
                saving += r.MonthlySaving;
                switch (r.Status)
                {
                    case nameof(AdvisorStatus.Red): red++; break;
                    case nameof(AdvisorStatus.Yellow): yellow++; break;
                    case nameof(AdvisorStatus.Green): green++; break;
                    default: na++; break;
                }
            }

            pillars.Add(new AdvisorPillarSummaryDto { Pillar = p.ToString(), Red = red, Yellow = yellow, Green = green, NotAvailable = na, MonthlySaving = saving });
        }

        return Results.Ok(new AdvisorResultsResponse { Pillars = pillars, Checks = checks, MonthlySaving = pillars.Sum(p => p.MonthlySaving) });
    }

    private static async Task<IResult> HistoryAsync(string id, int? limit, IAdvisorStore store, AdvisorService advisor, CancellationToken ct)
    {
        _ = AdvisorChecks.Find(id) ?? throw NoCheck(id);
        if (limit is < 1 or > 1000) return Problems.Validation("limit", "must be between 1 and 1000");
        var exclusions = await advisor.ExclusionsAsync(ct).ConfigureAwait(false);
        var history = await store.HistoryAsync(id, limit ?? 100, ct).ConfigureAwait(false);
        return Results.Ok(new AdvisorHistoryResponse(id, [.. history.Select(r => AdvisorMapping.ToDto(r, exclusions))]));
    }

    private static async Task<IResult> ListExclusionsAsync(IAdvisorStore store, CancellationToken ct) =>
        Results.Ok(new ListAdvisorExclusionsResponse([.. (await store.ListExclusionsAsync(ct).ConfigureAwait(false)).Select(AdvisorMapping.ToDto)]));

    private static async Task<IResult> ExcludeAsync(HttpContext ctx, IAdvisorStore store, TimeProvider time, CancellationToken ct)
    {
        var r = await JsonBody.ReadAsync<PutAdvisorExclusionRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = new JsonObject { ["checkId"] = r.CheckId, ["resourceId"] = r.ResourceId, ["reason"] = r.Reason };
        var check = AdvisorChecks.Find(r.CheckId ?? throw IdentityException.Invalid("checkId", "is required")) ?? throw NoCheck(r.CheckId);
        if (ctx.Deny("advisor:Exclude", ResourceNames.Advisor(check.Id)) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(r.ResourceId) || r.ResourceId.Length > 1024) throw IdentityException.Invalid("resourceId", "is required, at most 1024 characters");
        if (string.IsNullOrWhiteSpace(r.Reason) || r.Reason.Length > MaxReasonLength) throw IdentityException.Invalid("reason", $"is required, at most {MaxReasonLength} characters");
        var record = new AdvisorExclusionRecord(check.Id, r.ResourceId, r.Reason.Trim(), ctx.Principal().UserName, time.GetUtcNow());
        var created = await store.PutExclusionAsync(record, ct).ConfigureAwait(false);
        ctx.Audit().Response = new JsonObject { ["created"] = created };
        return Results.Ok(AdvisorMapping.ToDto(record));
    }

    private static async Task<IResult> IncludeAsync(string? checkId, string? resourceId, HttpContext ctx, IAdvisorStore store, CancellationToken ct)
    {
        ctx.Audit().Parameters = new JsonObject { ["checkId"] = checkId, ["resourceId"] = resourceId };
        if (string.IsNullOrEmpty(checkId)) throw IdentityException.Invalid("checkId", "is required");
        if (string.IsNullOrEmpty(resourceId)) throw IdentityException.Invalid("resourceId", "is required");
        if (ctx.Deny("advisor:Exclude", ResourceNames.Advisor(checkId)) is { } denied) return denied;
        return await store.DeleteExclusionAsync(checkId, resourceId, ct).ConfigureAwait(false)
            ? Results.NoContent()
            : throw IdentityException.NotFound("resourceId", $"'{resourceId}' is not excluded from '{checkId}'");
    }

    private static async Task<IResult> ListResourcesAsync(IAdvisorStore store, CancellationToken ct) =>
        Results.Ok(new ListAdvisorResourcesResponse([.. (await store.ListResourcesAsync(ct).ConfigureAwait(false)).Select(AdvisorMapping.ToDto)]));

    private static async Task<IResult> GetResourceAsync(string name, IAdvisorStore store, CancellationToken ct) =>
        Results.Ok(AdvisorMapping.ToDto(await FindAsync(name, store, ct).ConfigureAwait(false)));

    private static async Task<IResult> PutResourceAsync(string name, HttpContext ctx, IAdvisorStore store, TimeProvider time, CancellationToken ct)
    {
        var r = await JsonBody.ReadAsync<PutAdvisorResourceRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = new JsonObject { ["name"] = name, ["body"] = JsonSerializer.SerializeToNode(r, CremaJson.Options) };
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Rule(bool ok, string field, string rule)
        {
            if (!ok) errors[field] = [rule];
        }

        Rule(name.Length is > 0 and <= MaxNameLength && !name.Any(char.IsControl), "name", $"must be 1 to {MaxNameLength} characters without control characters");
        Rule(r.Kind is { Length: > 0 and <= MaxNameLength }, "kind", $"is required, at most {MaxNameLength} characters (e.g. \"espresso machine\")");
        Rule(r.Cost is >= 0, "cost", "is required and must not be negative");
        var period = r.CostPeriod ?? "month";
        Rule(period is "hour" or "month", "costPeriod", "must be \"hour\" or \"month\"");
        Rule(r.Currency is { Length: >= 1 and <= 8 }, "currency", "is required, 1 to 8 characters (e.g. EUR)");
        Rule(r.Namespace is { Length: > 0 and <= MaxNameLength }, "namespace", $"is required, at most {MaxNameLength} characters");
        Rule(r.MetricName is { Length: > 0 and <= MaxNameLength }, "metricName", $"is required, at most {MaxNameLength} characters");
        Rule(r.Capacity is > 0 && double.IsFinite(r.Capacity.Value), "capacity", "is required and must be a positive number (the metric value that means full use)");
        Rule(r.Dimensions is null || r.Dimensions.Count <= 30, "dimensions", "must have at most 30 entries");
        if (errors.Count > 0) return Problems.Validation(errors, "The resource is not valid; nothing was changed");

        var now = time.GetUtcNow();
        var dims = r.Dimensions is { Count: > 0 } d ? JsonSerializer.Serialize(d, CremaJson.Options) : null;
        var record = new AdvisorResourceRecord(name, r.Kind!, r.Cost!.Value, period, r.Currency!.ToUpperInvariant(), r.Namespace!, r.MetricName!, dims, r.Capacity!.Value, now, now);
        var created = await store.PutResourceAsync(record, ct).ConfigureAwait(false);
        ctx.Audit().Response = new JsonObject { ["created"] = created };
        return Results.Ok(AdvisorMapping.ToDto(await FindAsync(name, store, ct).ConfigureAwait(false)));
    }

    private static async Task<IResult> DeleteResourceAsync(string name, IAdvisorStore store, CancellationToken ct) =>
        await store.DeleteResourceAsync(name, ct).ConfigureAwait(false) ? Results.NoContent() : throw NoResource(name);

    private static async Task<AdvisorResourceRecord> FindAsync(string name, IAdvisorStore store, CancellationToken ct)
    {
        foreach (var r in await store.ListResourcesAsync(ct).ConfigureAwait(false))
        {
            if (string.Equals(r.Name, name, StringComparison.Ordinal)) return r;
        }

        throw NoResource(name);
    }

    private static async Task<Dictionary<string, AdvisorCheckResultDto>> LatestAsync(IAdvisorStore store, AdvisorService advisor, CancellationToken ct)
    {
        var exclusions = await advisor.ExclusionsAsync(ct).ConfigureAwait(false);
        var map = new Dictionary<string, AdvisorCheckResultDto>(StringComparer.Ordinal);
        foreach (var r in await store.LatestResultsAsync(ct).ConfigureAwait(false)) map[r.CheckId] = AdvisorMapping.ToDto(r, exclusions);
        return map;
    }

    private static IdentityException NoCheck(string id) => IdentityException.NotFound("id", $"no advisor check has the id '{id}'");

    private static IdentityException NoResource(string name) =>
        IdentityException.NotFound("name", string.Create(CultureInfo.InvariantCulture, $"no business resource is named '{name}'"));
}
