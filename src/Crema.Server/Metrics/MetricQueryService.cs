using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crema.Client.Contracts;
using Crema.Core.MetricMath;
using Crema.Core.Metrics;
using Crema.Core.Statistics;
using Crema.Storage;
using Crema.Storage.Engine;

namespace Crema.Server.Metrics;

/// <summary>
/// GetMetricData: metric queries (a dimension value "*" matches every value, one result per
/// series), expressions over them, labels, ScanBy and pagination by datapoints.
/// </summary>
internal sealed class MetricQueryService(ISampleStore store)
{
    private const int MaxSeriesPerWildcard = 5000;

    public sealed record Outcome(GetMetricDataResponse? Response, Dictionary<string, string[]>? Errors);

    public Outcome Run(GetMetricDataRequest req)
    {
        var errs = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var queries = req.MetricDataQueries;
        if (queries is null || queries.Count == 0) errs["metricDataQueries"] = ["at least one query is required"];
        else if (queries.Count > MetricLimits.MaxQueriesPerRequest) errs["metricDataQueries"] = [$"at most {MetricLimits.MaxQueriesPerRequest} queries (was {queries.Count})"];
        if (req.StartTime is null) errs["startTime"] = ["is required"];
        if (req.EndTime is null) errs["endTime"] = ["is required"];
        if (req.StartTime is { } s0 && req.EndTime is { } e0 && e0 <= s0) errs["endTime"] = ["must be after startTime"];
        var maxPoints = req.MaxDatapoints ?? MetricLimits.DefaultMaxDatapoints;
        if (maxPoints < 1 || maxPoints > MetricLimits.DefaultMaxDatapoints) errs["maxDatapoints"] = [$"must be between 1 and {MetricLimits.DefaultMaxDatapoints}"];
        var ascending = false;
        if (req.ScanBy is not null)
        {
            if (string.Equals(req.ScanBy, "TimestampAscending", StringComparison.OrdinalIgnoreCase)) ascending = true;
            else if (!string.Equals(req.ScanBy, "TimestampDescending", StringComparison.OrdinalIgnoreCase))
                errs["scanBy"] = ["must be TimestampAscending or TimestampDescending"];
        }
        if (errs.Count > 0) return new(null, errs);

        var startMs = req.StartTime!.Value.ToUnixTimeMilliseconds();
        var endMs = req.EndTime!.Value.ToUnixTimeMilliseconds();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var parsed = new Dictionary<string, Expr>(StringComparer.Ordinal);
        for (var i = 0; i < queries!.Count; i++)
        {
            var q = queries[i];
            var p = $"metricDataQueries[{i}]";
            if (q.Id is null || !IsValidId(q.Id)) errs[p + ".id"] = ["must start with a lowercase letter and hold only letters, digits and '_' (1 to 255 characters)"];
            else if (!ids.Add(q.Id)) errs[p + ".id"] = [$"'{q.Id}' is used by more than one query"];
            if ((q.MetricStat is null) == (q.Expression is null)) errs[p] = ["give exactly one of metricStat or expression"];
            if (q.MetricStat is { } ms) CheckMetricStat(ms, p + ".metricStat", errs);
            if (q.Expression is { } ex)
            {
                if (!ExpressionParser.TryParse(ex, out var expr, out var perr)) errs[p + ".expression"] = [$"{perr!.Message} (at position {perr.Position})"];
                else parsed[q.Id ?? ""] = expr!;
                if (q.Period is { } per && !IsValidPeriod(per)) errs[p + ".period"] = [PeriodRule(per)];
            }
        }
        foreach (var (id, expr) in parsed)
        {
            foreach (var r in expr.ReferencedIds())
            {
                if (!ids.Contains(r)) errs[$"metricDataQueries[{IndexOf(queries, id)}].expression"] = [$"refers to unknown id '{r}'"];
                else if (string.Equals(r, id, StringComparison.Ordinal)) errs[$"metricDataQueries[{IndexOf(queries, id)}].expression"] = ["must not refer to itself"];
            }
        }
        for (var i = 0; i < queries.Count; i++)
        {
            if (queries[i].MetricStat?.Period is { } per && IsValidPeriod(per) && PeriodCountRule(startMs, endMs, per) is { } rule)
                errs[$"metricDataQueries[{i}].metricStat.period"] = [rule];
        }
        if (errs.Count > 0) return new(null, errs);

        // Metric queries first, then expressions in dependency order.
        var values = new Dictionary<string, IReadOnlyList<TimeSeries>>(StringComparer.Ordinal);
        var messages = new List<MessageDto>();
        var defaultPeriod = 60;
        foreach (var q in queries)
        {
            if (q.MetricStat is null) continue;
            values[q.Id!] = RunMetricStat(q, startMs, endMs);
            defaultPeriod = q.MetricStat.Period!.Value;
        }
        var pending = queries.Where(q => q.Expression is not null).ToList();
        while (pending.Count > 0)
        {
            var progressed = false;
            foreach (var q in pending.ToList())
            {
                var expr = parsed[q.Id!];
                if (expr.ReferencedIds().Any(r => !values.ContainsKey(r))) continue;
                var ctx = new EvaluationContext(startMs, endMs, q.Period ?? defaultPeriod);
                if (!ExpressionEvaluator.TryEvaluate(expr, values, ctx, out var result, out var error))
                    return new(null, new() { [$"metricDataQueries[{IndexOf(queries, q.Id!)}].expression"] = [error!] });
                values[q.Id!] = q.Label is null ? result : result.Select(r => r with { Label = q.Label }).ToList();
                pending.Remove(q);
                progressed = true;
            }
            if (!progressed)
                return new(null, new() { ["metricDataQueries"] = ["expressions refer to each other in a cycle: " + string.Join(", ", pending.Select(p => p.Id))] });
        }

        // Flatten in query order, then page by datapoints.
        var all = new List<(string Id, string Label, long[] Ts, double[] Vs)>();
        foreach (var q in queries)
        {
            if (q.ReturnData == false) continue;
            foreach (var ts in values[q.Id!])
            {
                var t = ts.TimestampsMs;
                var v = ts.Values;
                if (!ascending)
                {
                    t = t.Reverse().ToArray();
                    v = v.Reverse().ToArray();
                }
                all.Add((q.Id!, ts.Label, t, v));
            }
        }
        var fingerprint = Fingerprint(req);
        var offset = 0L;
        if (req.NextToken is not null)
        {
            if (!TryReadToken(req.NextToken, fingerprint, out offset))
                return new(null, new() { ["nextToken"] = ["is not a token from this query (tokens are tied to the same queries, times and scan order)"] });
        }
        var results = new List<MetricDataResultDto>();
        var pageEnd = offset + maxPoints;
        long cursor = 0;
        foreach (var (id, label, ts, vs) in all)
        {
            long s = cursor, e = cursor + ts.Length;
            cursor = e;
            if (ts.Length == 0)
            {
                if (offset == 0) results.Add(new MetricDataResultDto { Id = id, Label = label, Timestamps = [], Values = [], StatusCode = "Complete" });
                continue;
            }
            long from = Math.Max(s, offset), to = Math.Min(e, pageEnd);
            if (to <= from) continue;
            int a = (int)(from - s), b = (int)(to - s);
            var stamps = new DateTimeOffset[b - a];
            for (var k = a; k < b; k++) stamps[k - a] = DateTimeOffset.FromUnixTimeMilliseconds(ts[k]);
            results.Add(new MetricDataResultDto
            {
                Id = id,
                Label = label,
                Timestamps = stamps,
                Values = vs[a..b],
                // PartialData means "more of this result follows on a later page" (the contract and CloudWatch):
                // the last part of a result is Complete, so a client may stop once nothing says PartialData.
                StatusCode = b < ts.Length ? "PartialData" : "Complete",
            });
        }
        var next = pageEnd < cursor ? MakeToken(fingerprint, pageEnd) : null;
        return new(new GetMetricDataResponse { MetricDataResults = results, NextToken = next, Messages = messages }, null);
    }

    private List<TimeSeries> RunMetricStat(MetricDataQueryDto q, long startMs, long endMs)
    {
        var ms = q.MetricStat!;
        if (!Statistic.TryParse(ms.Stat, out var stat, out var err)) throw new InvalidOperationException(err);
        var m = ms.Metric!;
        var dims = m.Dimensions ?? [];
        var wildcard = false;
        foreach (var d in dims) wildcard |= d.Value == "*";
        var keys = new List<SeriesKey>();
        if (wildcard)
        {
            var filterDims = new List<(string, string?)>(dims.Count);
            foreach (var d in dims) filterDims.Add((d.Name!, d.Value == "*" ? null : d.Value));
            var found = store.FindSeries(new SeriesFilter(m.Namespace, m.MetricName, filterDims, ExactDimensions: true));
            for (var i = 0; i < found.Count && i < MaxSeriesPerWildcard; i++) keys.Add(found[i].Key);
        }
        else
        {
            var list = new List<Dimension>(dims.Count);
            foreach (var d in dims) list.Add(new Dimension(d.Name!, d.Value!));
            keys.Add(new SeriesKey(m.Namespace!, m.MetricName!, list));
        }
        var results = new TimeSeries[keys.Count];
        Statistic[] stats = [stat];
        var period = ms.Period!.Value;
        void One(int i)
        {
            var r = store.Query(keys[i], startMs, endMs, period, stats);
            var label = q.Label ?? (wildcard ? DefaultLabel(keys[i], dims) : m.MetricName!);
            results[i] = new TimeSeries(q.Id!, label, r.Timestamps, r.Values[0]);
        }
        // Series are independent: a wildcard query reads them on every core, in chunks so that a
        // cheap per-series query (cached sections take microseconds) is not outweighed by scheduling.
        if (keys.Count <= 16 || Environment.ProcessorCount == 1)
        {
            for (var i = 0; i < keys.Count; i++) One(i);
        }
        else
        {
            var chunk = Math.Max(4, keys.Count / (Environment.ProcessorCount * 16));
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, keys.Count, chunk), range =>
            {
                for (var i = range.Item1; i < range.Item2; i++) One(i);
            });
        }
        return [.. results];
    }

    /// <summary>The metric name and the values of the wildcard dimensions, e.g. "wait_time_seconds shop_042".</summary>
    private static string DefaultLabel(SeriesKey key, IReadOnlyList<DimensionDto> dims)
    {
        var label = key.MetricName;
        foreach (var d in dims)
        {
            if (d.Value == "*") label = label + " " + (key[d.Name!] ?? "");
        }
        return label;
    }

    private static void CheckMetricStat(MetricStatDto ms, string p, Dictionary<string, string[]> errs)
    {
        if (ms.Metric is null)
        {
            errs[p + ".metric"] = ["is required"];
        }
        else
        {
            var list = new List<(string, string)>();
            void Err(string f, string r) => list.Add((f, r));
            PutMetricDataValidator.CheckNamespace(ms.Metric.Namespace, p + ".metric.namespace", Err);
            PutMetricDataValidator.CheckName(ms.Metric.MetricName, p + ".metric.metricName", Err);
            PutMetricDataValidator.CheckDimensions(ms.Metric.Dimensions, p + ".metric.dimensions", Err);
            foreach (var g in list.GroupBy(x => x.Item1)) errs[g.Key] = g.Select(x => x.Item2).ToArray();
        }
        if (ms.Period is not { } per) errs[p + ".period"] = ["is required"];
        else if (!IsValidPeriod(per)) errs[p + ".period"] = [PeriodRule(per)];
        if (!Statistic.TryParse(ms.Stat, out _, out var serr)) errs[p + ".stat"] = [serr];
    }

    public static bool IsValidPeriod(int p) => p is 1 or 5 or 10 or 30 || (p > 0 && p % 60 == 0);

    /// <summary>
    /// Null when [start, end) holds few enough periods for the store to answer; else the rule. The
    /// store throws past its limit, which would otherwise surface as a 500 instead of a 400.
    /// </summary>
    public static string? PeriodCountRule(long startMs, long endMs, int period)
    {
        var p = period * 1000L;
        var first = startMs - (((startMs % p) + p) % p);
        var count = (endMs - first + p - 1) / p;
        return count <= SampleEngine.MaxPeriodsPerQuery ? null
            : $"the range holds {count} periods of {period} s; at most {SampleEngine.MaxPeriodsPerQuery} are allowed (use a longer period or a shorter range)";
    }

    public static string PeriodRule(int p) => $"must be 1, 5, 10, 30 or a multiple of 60 seconds (was {p})";

    private static bool IsValidId(string id)
    {
        if (id.Length is 0 or > 255 || id[0] < 'a' || id[0] > 'z') return false;
        foreach (var c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }

    private static int IndexOf(IReadOnlyList<MetricDataQueryDto> qs, string id)
    {
        for (var i = 0; i < qs.Count; i++)
            if (string.Equals(qs[i].Id, id, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static string Fingerprint(GetMetricDataRequest req)
    {
        var json = JsonSerializer.Serialize(req with { NextToken = null, MaxDatapoints = null }, Client.CremaJson.Options);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)), 0, 8);
    }

    private static string MakeToken(string fingerprint, long offset)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(fingerprint + ":" + offset.ToString(CultureInfo.InvariantCulture)));

    private static bool TryReadToken(string token, string fingerprint, out long offset)
    {
        offset = 0;
        try
        {
            var s = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var i = s.IndexOf(':', StringComparison.Ordinal);
            return i > 0 && string.Equals(s[..i], fingerprint, StringComparison.Ordinal)
                && long.TryParse(s.AsSpan(i + 1), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
