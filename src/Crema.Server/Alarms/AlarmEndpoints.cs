using System.Text.Json;
using System.Globalization;
using System.Text.Json.Nodes;
using Crema.Client.Contracts;
using Crema.Core.Alarms;
using Crema.Core.Identity;
using Crema.Server.Audit;
using Crema.Server.Http;
using Crema.Server.Security;

namespace Crema.Server.Alarms;

/// <summary>Metric alarms: put, describe, delete, set state, history, enable/disable actions.</summary>
internal static class AlarmEndpoints
{
    public static void MapAlarms(this WebApplication app)
    {
        var g = app.MapGroup("/api/v1/alarms").WithTags("Alarms").AddEndpointFilter<IdentityExceptionFilter>();
        g.MapPut("/{name}", PutAsync).Operation("PutMetricAlarm", "alarms:Put", "alarms/{name}")
            .WithSummary("Create or replace a metric alarm (a new alarm starts in INSUFFICIENT_DATA and is evaluated at once)");
        g.MapPost("/preview", PreviewAsync).Operation("PreviewMetricAlarm", "alarms:Describe", readOnly: true)
            .WithSummary("What an alarm (a PutMetricAlarm body, plus optional startTime/endTime, default the last 24 h) would have seen and done over stored data; nothing is saved");
        g.MapGet("", DescribeAsync).Operation("DescribeAlarms", "alarms:Describe", readOnly: true)
            .WithSummary("Alarms filtered by state, name prefix and action prefix");
        g.MapGet("/history", (HttpContext ctx, AlarmService alarms, CancellationToken ct) => HistoryAsync(null, ctx, alarms, ct))
            .Operation("DescribeAlarmHistoryAll", "alarms:History", "alarms/*", readOnly: true);
        g.MapGet("/{name}", (string name, AlarmService alarms) =>
                alarms.Describe(name) is { } a ? Results.Ok(a) : throw IdentityException.NotFound("name", $"no alarm is named '{name}'"))
            .Operation("DescribeAlarm", "alarms:Describe", "alarms/{name}", readOnly: true);
        g.MapDelete("/{name}", async (string name, AlarmService alarms, CompositeAlarmService composites, CancellationToken ct) =>
            {
                if (composites.UsedBy(name) is { } user) throw IdentityException.Conflict("name", $"alarm '{name}' is used by composite alarm '{user}'");
                // Like CloudWatch's DeleteAlarms, the name may be a composite alarm's.
                return await alarms.DeleteAsync(name, ct).ConfigureAwait(false) || await composites.DeleteAsync(name, ct).ConfigureAwait(false)
                    ? Results.NoContent()
                    : throw IdentityException.NotFound("name", $"no alarm is named '{name}'");
            })
            .Operation("DeleteAlarms", "alarms:Delete", "alarms/{name}");
        g.MapPost("/{name}/state", SetStateAsync).Operation("SetAlarmState", "alarms:SetState", "alarms/{name}");
        g.MapGet("/{name}/history", (string name, HttpContext ctx, AlarmService alarms, CancellationToken ct) => HistoryAsync(name, ctx, alarms, ct))
            .Operation("DescribeAlarmHistory", "alarms:History", "alarms/{name}", readOnly: true);
        g.MapGet("/{name}/band", (string name, HttpContext ctx, AlarmService alarms, TimeProvider time) =>
            {
                var q = ctx.Request.Query;
                var to = Time(q["to"].ToString() is { Length: > 0 } t ? t : null, "to") ?? time.GetUtcNow();
                var from = Time(q["from"].ToString() is { Length: > 0 } f ? f : null, "from") ?? to.AddDays(-1);
                var band = alarms.BandSeries(name, from, to) ?? throw IdentityException.NotFound("name", $"no anomaly-band alarm is named '{name}'");
                return Results.Ok(new JsonObject
                {
                    ["alarmName"] = name,
                    ["points"] = new JsonArray([.. band.Select(b => (JsonNode?)new JsonObject { ["timestamp"] = b.At, ["lower"] = b.Lower, ["expected"] = b.Expected, ["upper"] = b.Upper })]),
                });
            })
            .Operation("GetAlarmBand", "alarms:Describe", "alarms/{name}", readOnly: true).WithSummary("The anomaly band of a band alarm over a time range, for drawing");
        g.MapPost("/{name}/actions/enable", (string name, AlarmService alarms, CompositeAlarmService composites, CancellationToken ct) => ActionsAsync(name, true, alarms, composites, ct))
            .Operation("EnableAlarmActions", "alarms:Put", "alarms/{name}");
        g.MapPost("/{name}/actions/disable", (string name, AlarmService alarms, CompositeAlarmService composites, CancellationToken ct) => ActionsAsync(name, false, alarms, composites, ct))
            .Operation("DisableAlarmActions", "alarms:Put", "alarms/{name}");
    }

    private static async Task<IResult> PutAsync(string name, HttpContext ctx, AlarmService alarms, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<PutMetricAlarmRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);

        // The alarm reads metrics: whoever puts it must be allowed to read them.
        foreach (var ns in AlarmMapping.Namespaces(request))
        {
            if (ctx.Deny("metrics:Get", ResourceNames.Metrics(ns)) is { } denied) return denied;
        }

        var (alarm, errors) = await alarms.PutAsync(name, request, ct).ConfigureAwait(false);
        if (alarm is null) return Problems.Validation(errors, "The alarm is not valid; nothing was changed");
        ctx.Audit().Response = new JsonObject { ["stateValue"] = alarm.StateValue };
        return Results.Ok(alarm);
    }

    private static async Task<IResult> PreviewAsync(HttpContext ctx, AlarmService alarms, CancellationToken ct)
    {
        // The body is a PutMetricAlarm body with two more fields; each half is read on its own.
        var body = await JsonBody.ReadAsync<JsonObject>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        var window = body.Deserialize<PreviewWindow>(Crema.Client.CremaJson.Options)!;
        var request = body.Deserialize<PutMetricAlarmRequest>(Crema.Client.CremaJson.Options)!;
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        foreach (var ns in AlarmMapping.Namespaces(request))
        {
            if (ctx.Deny("metrics:Get", ResourceNames.Metrics(ns)) is { } denied) return denied;
        }

        var preview = alarms.Preview(request, window.StartTime, window.EndTime, out var errors);
        return preview is null ? Problems.Validation(errors, "The alarm cannot be previewed") : Results.Ok(preview);
    }

    /// <summary>The preview's own fields next to the alarm's.</summary>
    private sealed record PreviewWindow(DateTimeOffset? StartTime, DateTimeOffset? EndTime);

    private static async Task<IResult> DescribeAsync(HttpContext ctx, AlarmService alarms, CancellationToken ct)
    {
        var q = ctx.Request.Query;
        string? Text(string k) => q[k].ToString() is { Length: > 0 } v ? v : null;
        var state = Text("stateValue");
        if (state is not null && !AlarmStates.TryParse(state, out _)) throw IdentityException.Invalid("stateValue", "must be OK, ALARM or INSUFFICIENT_DATA");
        var max = Limit(Text("maxRecords"), 100);
        var offset = 0;
        if (Text("nextToken") is { } token && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            throw IdentityException.Invalid("nextToken", "is not a token returned by DescribeAlarms");
        }

        var all = (await alarms.DescribeAsync(state is null ? null : Normalize(state), Text("alarmNamePrefix"), Text("actionPrefix"), ct).ConfigureAwait(false))
            .Where(a => ctx.Allows("alarms:Describe", ResourceNames.Alarm(a.AlarmName))).ToList();
        var page = all.Skip(offset).Take(max).ToList();
        var next = offset + max < all.Count ? (offset + max).ToString(CultureInfo.InvariantCulture) : null;
        return Results.Ok(new DescribeAlarmsResponse(page, next));
    }

    private static async Task<IResult> SetStateAsync(string name, HttpContext ctx, AlarmService alarms, CompositeAlarmService composites, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<SetAlarmStateRequest>(ctx, ct).ConfigureAwait(false) ?? throw IdentityException.Invalid("body", "is required");
        ctx.Audit().Parameters = SecurityMiddleware.ToParameters(request);
        if (!AlarmStates.TryParse(request.StateValue, out var state)) throw IdentityException.Invalid("stateValue", "must be OK, ALARM or INSUFFICIENT_DATA");
        if (string.IsNullOrWhiteSpace(request.StateReason)) throw IdentityException.Invalid("stateReason", "is required");
        if (request.StateReason.Length > 1023) throw IdentityException.Invalid("stateReason", "must be at most 1023 characters");
        // Like CloudWatch's SetAlarmState, the name may be a composite alarm's.
        return await alarms.SetStateAsync(name, state, request.StateReason, request.StateReasonData?.ToJsonString(), ct).ConfigureAwait(false)
               || await composites.SetStateAsync(name, state, request.StateReason, ct).ConfigureAwait(false)
            ? Results.NoContent()
            : throw IdentityException.NotFound("name", $"no alarm is named '{name}'");
    }

    private static async Task<IResult> HistoryAsync(string? name, HttpContext ctx, AlarmService alarms, CancellationToken ct)
    {
        var q = ctx.Request.Query;
        string? Text(string k) => q[k].ToString() is { Length: > 0 } v ? v : null;
        var type = Text("historyItemType");
        if (type is not null && !Enum.TryParse<AlarmHistoryItemType>(type, ignoreCase: false, out _))
        {
            throw IdentityException.Invalid("historyItemType", "must be ConfigurationUpdate, StateUpdate or Action");
        }

        long? before = null;
        if (Text("nextToken") is { } token)
        {
            if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var b)) throw IdentityException.Invalid("nextToken", "is not a token returned by DescribeAlarmHistory");
            before = b;
        }

        var max = Limit(Text("maxRecords"), 100);
        var rows = await alarms.HistoryAsync(name, type, Time(Text("startDate"), "startDate"), Time(Text("endDate"), "endDate"), before, max + 1, ct).ConfigureAwait(false);
        var page = rows.Take(max).ToList();
        var next = rows.Count > max ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return Results.Ok(new DescribeAlarmHistoryResponse([.. page.Select(AlarmService.ToDto)], next));
    }

    // Like CloudWatch's EnableAlarmActions/DisableAlarmActions, the name may be a composite alarm's.
    private static async Task<IResult> ActionsAsync(string name, bool enabled, AlarmService alarms, CompositeAlarmService composites, CancellationToken ct) =>
        await alarms.SetActionsEnabledAsync(name, enabled, ct).ConfigureAwait(false) || await composites.SetActionsEnabledAsync(name, enabled, ct).ConfigureAwait(false)
            ? Results.NoContent()
            : throw IdentityException.NotFound("name", $"no alarm is named '{name}'");

    private static string Normalize(string state) => AlarmStates.TryParse(state, out var s) ? s.ToName() : state;

    private static int Limit(string? text, int max)
    {
        if (text is null) return max;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > max) throw IdentityException.Invalid("maxRecords", $"must be a whole number from 1 to {max}");
        return n;
    }

    private static DateTimeOffset? Time(string? text, string field)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s)) return DateTimeOffset.FromUnixTimeSeconds(s);
        throw IdentityException.Invalid(field, "must be an ISO-8601 time or epoch seconds");
    }
}
