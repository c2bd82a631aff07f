using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Audit;
using Crema.Server.Hosting;
using Crema.Server.Http;
using Crema.Server.Security;
using Crema.Storage.Audit;

namespace Crema.Server.Audit;

/// <summary>The audit trail's API: lookup, export, digests, public key, verification, proofs, settings and insights.</summary>
internal static class AuditEndpoints
{
    private const string Trail = "audit/trail";

    public static void MapAudit(this WebApplication app)
    {
        var g = app.MapGroup("/api/v1/audit").WithTags("Audit").AddEndpointFilter<IdentityExceptionFilter>();
        g.MapGet("/events", LookupAsync).Operation("LookupEvents", "audit:Lookup", Trail, readOnly: true)
            .WithSummary("Events newest first, filtered by time range, event name, user, resource, read-only and error; paginated");
        g.MapGet("/events/{eventId}", async (string eventId, StorageHost s, CancellationToken ct) =>
            await s.Audit.FindAsync(eventId, ct).ConfigureAwait(false) is { } e ? Results.Ok(AuditProofs.ToDto(e)) : NotFound("eventId", $"no event has the id '{eventId}'"))
            .Operation("GetEvent", "audit:Lookup", Trail, readOnly: true);
        g.MapGet("/export", ExportAsync).Operation("ExportEvents", "audit:Export", Trail, readOnly: true)
            .WithSummary("Events oldest first as JSON Lines (same filters as lookup)");
        g.MapGet("/raw", RawAsync).Operation("ReadRawEvents", "audit:Verify", Trail, readOnly: true)
            .WithSummary("Stored rows exactly as kept (body, hashes), for verification by a client that trusts only the public key");
        g.MapGet("/digests", async (StorageHost s, CancellationToken ct) =>
        {
            var bodies = await s.Audit.ListDigestBodiesAsync(ct).ConfigureAwait(false);
            return Results.Ok(new AuditDigestsResponse(bodies.Select(b => (JsonObject)JsonNode.Parse(b)!).ToList()));
        }).Operation("ListDigests", "audit:Verify", Trail, readOnly: true);
        g.MapPost("/digests", async (DigestService digests, HttpContext ctx, CancellationToken ct) =>
        {
            var d = await digests.WriteNowAsync(ct).ConfigureAwait(false);
            ctx.Audit().Response = new JsonObject { ["digestSequence"] = d.DigestSequence, ["eventCount"] = d.EventCount };
            return Results.Ok(JsonNode.Parse(AuditDigests.Serialize(d)));
        }).Operation("CreateDigest", "audit:Configure", Trail).WithSummary("Sign a digest of the events since the last one now");
        g.MapGet("/public-key", (AuditSigningKey key) => Results.Ok(new AuditPublicKeyResponse(key.PublicKey.KeyId, "ECDSA P-256 SHA-256", key.PublicKey.PublicKeyPem)))
            .Operation("GetPublicKey", "audit:GetPublicKey", Trail, readOnly: true);
        g.MapPost("/verify", VerifyAsync).Operation("VerifyTrail", "audit:Verify", Trail, readOnly: true)
            .WithSummary("Check the chain, the Merkle roots and the signatures; names the first altered, removed, inserted or reordered event");
        g.MapGet("/proof/{eventId}", async (string eventId, StorageHost s, AuditSigningKey key, CancellationToken ct) =>
            await AuditProofs.ProveAsync(s.Audit, eventId, key.PublicKey.PublicKeyPem, ct).ConfigureAwait(false) is { } proof
                ? Results.Ok(proof)
                : NotFound("eventId", $"no event has the id '{eventId}'"))
            .Operation("ProveEvent", "audit:Prove", Trail, readOnly: true);
        g.MapGet("/settings", (AuditSettings settings) => Results.Ok(settings.Current)).Operation("GetAuditSettings", "audit:Lookup", Trail, readOnly: true);
        g.MapPut("/settings", async (HttpContext ctx, AuditSettings settings, CancellationToken ct) =>
        {
            var change = await JsonBody.ReadAsync<AuditSettingsDto>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
            ctx.Audit().Parameters = SecurityMiddleware.ToParameters(change);
            return Results.Ok(await settings.UpdateAsync(change, ct).ConfigureAwait(false));
        }).Operation("UpdateAuditSettings", "audit:Configure", Trail);
        g.MapGet("/insights", InsightsAsync).Operation("ListInsights", "audit:Insights", Trail, readOnly: true);
    }

    private static async Task<IResult> LookupAsync(HttpContext ctx, StorageHost s, CancellationToken ct)
    {
        var query = ParseQuery(ctx.Request.Query, out var limit);
        if (ctx.Request.Query["nextToken"].ToString() is { Length: > 0 } token)
        {
            if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var before)) throw IdentityException.Invalid("nextToken", "is not a token returned by a lookup");
            query = query with { BeforeSequence = before };
        }

        var rows = await s.Audit.LookupAsync(query with { Limit = limit + 1 }, ct).ConfigureAwait(false);
        var page = rows.Take(limit).Select(AuditProofs.ToDto).ToList();
        var next = rows.Count > limit ? page[^1].Sequence.ToString(CultureInfo.InvariantCulture) : null;
        ctx.Audit().Response = new JsonObject { ["events"] = page.Count };
        return Results.Ok(new AuditLookupResponse(page, next));
    }

    private static async Task ExportAsync(HttpContext ctx, StorageHost s, CancellationToken ct)
    {
        var query = ParseQuery(ctx.Request.Query, out _) with { Ascending = true, Limit = 1000 };
        ctx.Response.ContentType = "application/x-ndjson; charset=utf-8";
        ctx.Response.Headers.ContentDisposition = "attachment; filename=\"crema-audit.jsonl\"";
        long count = 0;
        long? after = null;
        while (true)
        {
            var rows = await s.Audit.LookupAsync(query with { AfterSequence = after }, ct).ConfigureAwait(false);
            if (rows.Count == 0) break;
            var sb = new StringBuilder();
            foreach (var row in rows)
            {
                sb.Append(JsonSerializer.Serialize(AuditProofs.ToDto(row), CremaJson.Options)).Append('\n');
            }

            await ctx.Response.WriteAsync(sb.ToString(), ct).ConfigureAwait(false);
            count += rows.Count;
            after = rows[^1].Sequence;
        }

        ctx.Audit().Response = new JsonObject { ["events"] = count };
    }

    private static async Task<IResult> RawAsync(HttpContext ctx, StorageHost s, CancellationToken ct)
    {
        var q = ctx.Request.Query;
        var from = q["fromSequence"].ToString() is { Length: > 0 } f
            ? long.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw IdentityException.Invalid("fromSequence", "must be a whole number")
            : 1;
        var limit = ParseLimit(q["limit"].ToString(), 5000, 10_000);
        var rows = await s.Audit.ReadRangeAsync(from, long.MaxValue, limit, ct).ConfigureAwait(false);
        var dto = rows.Select(r => new AuditRawEventDto(r.Sequence, r.Body, r.Hash, r.PreviousHash, r.EventId, r.TimeUnixMs, r.EventName, r.UserName, r.ReadOnly, r.ErrorCode))
            .ToList();
        return Results.Ok(new AuditRawResponse(dto, rows.Count == limit ? rows[^1].Sequence + 1 : null));
    }

    private static async Task<IResult> VerifyAsync(HttpContext ctx, StorageHost s, AuditSigningKey key, CancellationToken ct)
    {
        var q = ctx.Request.Query;
        var from = Time(q["from"].ToString(), "from");
        var to = Time(q["to"].ToString(), "to");
        var report = await AuditProofs.VerifyAsync(s.Audit, [key.PublicKey], from, to, null, ct).ConfigureAwait(false);
        ctx.Audit().Response = new JsonObject { ["ok"] = report.Ok, ["findings"] = report.Findings.Count };
        return Results.Ok(AuditProofs.ToDto(report));
    }

    private static async Task<IResult> InsightsAsync(HttpContext ctx, StorageHost s, TimeProvider time, CancellationToken ct)
    {
        var q = ctx.Request.Query;
        var to = Time(q["to"].ToString(), "to") ?? time.GetUtcNow().AddMinutes(1);
        var from = Time(q["from"].ToString(), "from") ?? to.AddDays(-7);
        var list = await s.Audit.ListInsightsAsync(from, to, ct).ConfigureAwait(false);
        return Results.Ok(new AuditInsightsResponse(list.Select(i =>
            new AuditInsightDto(i.Id, i.EventName, i.Kind, i.Start, i.End, i.Baseline, i.Observed, (JsonObject)JsonNode.Parse(i.DetailsJson)!)).ToList()));
    }

    private static AuditQuery ParseQuery(IQueryCollection q, out int limit)
    {
        limit = ParseLimit(q["limit"].ToString(), 50, 1000);
        bool? Bool(string name) => q[name].ToString() switch
        {
            "" => null,
            var v when bool.TryParse(v, out var b) => b,
            _ => throw IdentityException.Invalid(name, "must be true or false"),
        };
        string? Text(string name) => q[name].ToString() is { Length: > 0 } v ? v : null;
        return new AuditQuery
        {
            From = Time(q["from"].ToString(), "from"),
            To = Time(q["to"].ToString(), "to"),
            EventName = Text("eventName"),
            UserName = Text("userName"),
            Resource = Text("resource"),
            ReadOnly = Bool("readOnly"),
            Error = Bool("error"),
        };
    }

    private static int ParseLimit(string text, int fallback, int max)
    {
        if (text.Length == 0) return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > max)
        {
            throw IdentityException.Invalid("limit", $"must be a whole number from 1 to {max}");
        }

        return n;
    }

    private static DateTimeOffset? Time(string text, string field)
    {
        if (text.Length == 0) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var secs)) return DateTimeOffset.FromUnixTimeSeconds(secs);
        throw IdentityException.Invalid(field, "must be an ISO-8601 time or epoch seconds");
    }

    private static IResult NotFound(string field, string message) => throw IdentityException.NotFound(field, message);
}
