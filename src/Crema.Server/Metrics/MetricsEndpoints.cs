using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Metrics;
using Crema.Core.Statistics;
using Crema.Server.Hosting;
using Crema.Server.Http;
using Crema.Storage;
using Microsoft.Extensions.Options;
using System.Text.Json.Nodes;
using Crema.Core.Identity;
using Crema.Server.Audit;
using Crema.Server.Security;

namespace Crema.Server.Metrics;

/// <summary>The native metrics API under /api/v1/metrics.</summary>
internal static class MetricsEndpoints
{
    private const int ListPageSize = 500;

    public static void MapMetrics(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/metrics").WithTags("Metrics");
        g.MapPost("", PutAsync).DataOperation("PutMetricData", "metrics:Put", readOnly: false)
            .WithSummary("Write datums (values, values with counts, or statistic sets); answers after they are durable")
            .Accepts<PutMetricDataRequest>("application/json")
            .Produces<PutMetricDataResponse>().ProducesValidationProblem().ProducesProblem(413).ProducesProblem(503);
        g.MapPost("/query", QueryAsync).DataOperation("GetMetricData", "metrics:Get", readOnly: true)
            .WithSummary("Run metric queries and expressions over a time range (paginated)")
            .Accepts<GetMetricDataRequest>("application/json")
            .Produces<GetMetricDataResponse>().ProducesValidationProblem();
        g.MapGet("", List).DataOperation("ListMetrics", "metrics:List", readOnly: true)
            .WithSummary("List metrics, filtered by namespace, metric name and dimensions (dimension=Name or Name=Value)")
            .Produces<ListMetricsResponse>().ProducesValidationProblem();
        g.MapGet("/statistics", Statistics).DataOperation("GetMetricStatistics", "metrics:Get", readOnly: true)
            .WithSummary("Statistics of one metric per period")
            .Produces<GetMetricStatisticsResponse>().ProducesValidationProblem();
    }

    private static async Task<IResult> PutAsync(HttpContext ctx, ISampleStore store, MetricUnitRegistry units,
        IOptions<CremaOptions> options, TimeProvider time, CancellationToken ct)
    {
        var o = options.Value;
        var (req, problem) = await ReadJsonAsync<PutMetricDataRequest>(ctx, o.MaxRequestBytes, ct).ConfigureAwait(false);
        if (problem is not null) return problem;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!PutMetricDataValidator.TryValidate(req, now, (long)o.MaxSampleAge.TotalMilliseconds, (long)o.MaxSampleFuture.TotalMilliseconds,
                out var result, out var errors))
            return Problems.Validation(errors, "The metric data is not valid; nothing was written");
        if (ctx.Deny("metrics:Put", ResourceNames.Metrics(req!.Namespace!)) is { } denied) return denied;
        ctx.Audit().Parameters = new JsonObject { ["namespace"] = req.Namespace, ["datums"] = result!.Datums };
        ctx.Audit().Response = new JsonObject { ["samples"] = result.Samples };
        try
        {
            await store.AppendAsync(result!.Writes, ct).ConfigureAwait(false);
        }
        catch (StoreOverloadedException ex)
        {
            return Problems.Overloaded(ex.RetryAfter, ex.Message, ctx);
        }
        await units.RecordAsync(result.Units, ct).ConfigureAwait(false);
        ctx.RequestServices.GetRequiredService<Alarms.AlarmService>().OnData(req.Namespace!);
        return Results.Ok(new PutMetricDataResponse(result.Datums, result.Samples));
    }

    private static async Task<IResult> QueryAsync(HttpContext ctx, MetricQueryService queries, IOptions<CremaOptions> options, CancellationToken ct)
    {
        var (req, problem) = await ReadJsonAsync<GetMetricDataRequest>(ctx, options.Value.MaxRequestBytes, ct).ConfigureAwait(false);
        if (problem is not null) return problem;
        if (req is null) return Problems.Validation("body", "a JSON object with metricDataQueries, startTime and endTime is required");
        var namespaces = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var query in req.MetricDataQueries ?? [])
        {
            if (query?.MetricStat?.Metric?.Namespace is { Length: > 0 } queried) namespaces.Add(queried);
        }

        foreach (var queried in namespaces)
        {
            if (ctx.Deny("metrics:Get", ResourceNames.Metrics(queried)) is { } denied) return denied;
        }

        ctx.Audit().Parameters = new JsonObject
        {
            ["startTime"] = req.StartTime, ["endTime"] = req.EndTime, ["queries"] = req.MetricDataQueries?.Count ?? 0,
            ["namespaces"] = new JsonArray([.. namespaces.Select(n => (JsonNode?)JsonValue.Create(n))]),
        };
        var outcome = queries.Run(req);
        return outcome.Errors is not null ? Problems.Validation(outcome.Errors, "The query is not valid") : Results.Ok(outcome.Response);
    }

    private static IResult List(HttpContext ctx, ISampleStore store, MetricUnitRegistry units)
    {
        var q = ctx.Request.Query;
        var dims = new List<(string, string?)>();
        foreach (var d in q["dimension"])
        {
            if (string.IsNullOrEmpty(d)) continue;
            var i = d.IndexOf('=', StringComparison.Ordinal);
            dims.Add(i < 0 ? (d, null) : (d[..i], d[(i + 1)..]));
        }
        var offset = 0;
        if (q["nextToken"].ToString() is { Length: > 0 } tok && !TryOffset(tok, out offset))
            return Problems.Validation("nextToken", "is not a token returned by ListMetrics");
        var ns = q["namespace"].ToString();
        var name = q["metricName"].ToString();
        if (ns.Length > 0 && ctx.Deny("metrics:List", ResourceNames.Metrics(ns)) is { } denied) return denied;
        IReadOnlyList<SeriesInfo> found = store.FindSeries(new SeriesFilter(ns.Length == 0 ? null : ns, name.Length == 0 ? null : name, dims.Count == 0 ? null : dims));
        if (ns.Length == 0) found = AllowedOnly(ctx, found);
        var page = found.Skip(offset).Take(ListPageSize).Select(s => new MetricInfoDto
        {
            Namespace = s.Key.Namespace,
            MetricName = s.Key.MetricName,
            Dimensions = s.Key.Dimensions.Select(d => new DimensionDto(d.Name, d.Value)).ToArray(),
            Unit = units.Get(s.Key.Namespace, s.Key.MetricName),
        }).ToList();
        var next = offset + ListPageSize < found.Count ? Convert.ToBase64String(BitConverter.GetBytes(offset + ListPageSize)) : null;
        return Results.Ok(new ListMetricsResponse { Metrics = page, NextToken = next });
    }

    /// <summary>Without a namespace filter, lists only the namespaces the caller may list.</summary>
    private static List<SeriesInfo> AllowedOnly(HttpContext ctx, IReadOnlyList<SeriesInfo> found)
    {
        var allowed = new Dictionary<string, bool>(StringComparer.Ordinal);
        var list = new List<SeriesInfo>(found.Count);
        foreach (var s in found)
        {
            if (!allowed.TryGetValue(s.Key.Namespace, out var ok)) allowed[s.Key.Namespace] = ok = ctx.Allows("metrics:List", ResourceNames.Metrics(s.Key.Namespace));
            if (ok) list.Add(s);
        }

        return list;
    }

    private static bool TryOffset(string token, out int offset)
    {
        offset = 0;
        try
        {
            var b = Convert.FromBase64String(token);
            if (b.Length != 4) return false;
            offset = BitConverter.ToInt32(b);
            return offset >= 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IResult Statistics(HttpContext ctx, ISampleStore store, MetricUnitRegistry units)
    {
        var q = ctx.Request.Query;
        var errs = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var ns = q["namespace"].ToString();
        var name = q["metricName"].ToString();
        if (ns.Length == 0) errs["namespace"] = ["is required"];
        if (name.Length == 0) errs["metricName"] = ["is required"];
        var dims = new List<Dimension>();
        foreach (var d in q["dimension"])
        {
            var i = d?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            if (i <= 0) errs["dimension"] = [$"'{d}' must be Name=Value"];
            else dims.Add(new Dimension(d![..i], d[(i + 1)..]));
        }
        var start = ParseTime(q["startTime"], "startTime", errs);
        var end = ParseTime(q["endTime"], "endTime", errs);
        if (!int.TryParse(q["period"], NumberStyles.None, CultureInfo.InvariantCulture, out var period) || !MetricQueryService.IsValidPeriod(period))
            errs["period"] = [MetricQueryService.PeriodRule(period)];
        var stats = new List<Statistic>();
        var statNames = q["statistics"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (statNames.Length == 0) errs["statistics"] = ["at least one statistic is required (e.g. Average,Maximum,p90)"];
        foreach (var s in statNames)
        {
            if (Statistic.TryParse(s, out var st, out var err)) stats.Add(st);
            else errs["statistics"] = [err];
        }
        if (start is not null && end is not null && end <= start) errs["endTime"] = ["must be after startTime"];
        else if (start is not null && end is not null && MetricQueryService.IsValidPeriod(period)
                 && MetricQueryService.PeriodCountRule(start.Value.ToUnixTimeMilliseconds(), end.Value.ToUnixTimeMilliseconds(), period) is { } tooMany)
            errs["period"] = [tooMany];
        if (errs.Count > 0) return Problems.Validation(errs);
        if (ctx.Deny("metrics:Get", ResourceNames.Metrics(ns)) is { } denied) return denied;
        var key = new SeriesKey(ns, name, dims);
        var r = store.Query(key, start!.Value.ToUnixTimeMilliseconds(), end!.Value.ToUnixTimeMilliseconds(), period, stats);
        var unit = units.Get(ns, name);
        var points = new List<DatapointDto>(r.Timestamps.Length);
        for (var i = 0; i < r.Timestamps.Length; i++)
        {
            double? Pick(StatisticKind k)
            {
                var idx = stats.FindIndex(s => s.Kind == k);
                return idx < 0 ? null : r.Values[idx][i];
            }
            Dictionary<string, double>? ext = null;
            for (var s = 0; s < stats.Count; s++)
            {
                if (stats[s].Kind != StatisticKind.Percentile) continue;
                (ext ??= new())[stats[s].ToString()] = r.Values[s][i];
            }
            points.Add(new DatapointDto
            {
                Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(r.Timestamps[i]),
                SampleCount = Pick(StatisticKind.SampleCount),
                Sum = Pick(StatisticKind.Sum),
                Average = Pick(StatisticKind.Average),
                Minimum = Pick(StatisticKind.Minimum),
                Maximum = Pick(StatisticKind.Maximum),
                ExtendedStatistics = ext,
                Unit = unit,
            });
        }
        return Results.Ok(new GetMetricStatisticsResponse { Label = name, Datapoints = points });
    }

    private static DateTimeOffset? ParseTime(string? s, string field, Dictionary<string, string[]> errs)
    {
        if (string.IsNullOrEmpty(s))
        {
            errs[field] = ["is required (ISO-8601 or epoch seconds)"];
            return null;
        }
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var sec) && Math.Abs(sec) < 253402300799)
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(sec * 1000));
        errs[field] = [$"'{s}' is not an ISO-8601 time or epoch seconds"];
        return null;
    }

    /// <summary>Reads a JSON body under a size limit; a problem result names what went wrong and where.</summary>
    internal static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpContext ctx, int limit, CancellationToken ct)
    {
        var (buf, len) = await BodyReader.ReadAsync(ctx.Request, limit, ct).ConfigureAwait(false);
        if (buf is null) return (default, Problems.TooLarge(limit, "the request body"));
        try
        {
            if (len == 0) return (default, Problems.Validation("body", "a JSON body is required"));
            return (JsonSerializer.Deserialize<T>(buf.AsSpan(0, len), CremaJson.Options), null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) ? "body" : ex.Path.TrimStart('$', '.');
            return (default, Problems.Validation(field.Length == 0 ? "body" : field, "is not valid JSON for this field: " + FirstLine(ex.Message)));
        }
        finally
        {
            Crema.Core.Buffers.IoBuffers.Pool.Return(buf);
        }
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf(". Path:", StringComparison.Ordinal);
        return i > 0 ? s[..i] : s;
    }
}
