using System.Text.Json.Nodes;
using Crema.Core.Metrics;
using Crema.Server.Hosting;
using Crema.Storage;
using Crema.Storage.Audit;
using Microsoft.Extensions.Options;

namespace Crema.Server.Audit;

/// <summary>
/// Learns each event name's normal call and error rate per minute and records an insight when the
/// last minute departs from it: the baseline is the same hour of the week in earlier weeks when there
/// is that much history, else the hours just before; median and MAD keep one past burst from
/// becoming normal. Rates and active insights are published as metrics (namespace Crema/Audit) so
/// that an alarm can notify.
/// </summary>
public sealed partial class InsightsService(StorageHost storage, IOptions<AuditOptions> options, TimeProvider time,
    ILogger<InsightsService> log) : BackgroundService
{
    /// <summary>The namespace of the published metrics.</summary>
    public const string MetricNamespace = "Crema/Audit";

    private static readonly TimeSpan Bucket = TimeSpan.FromMinutes(1);
    private readonly Dictionary<(string Name, string Kind), StoredInsight> _open = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Evaluates the minute that ended at or before <paramref name="now"/>; returns the insights open afterwards.</summary>
    public async Task<IReadOnlyList<StoredInsight>> EvaluateAsync(DateTimeOffset now, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var o = options.Value;
            var minuteEnd = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds() / 60_000 * 60_000);
            var minuteStart = minuteEnd - Bucket;
            var audit = storage.Audit;
            var current = await audit.CountRatesAsync(minuteStart, minuteEnd, Bucket, ct).ConfigureAwait(false);
            var recent = await audit.CountRatesAsync(minuteStart - TimeSpan.FromHours(6), minuteStart, Bucket, ct).ConfigureAwait(false);
            var weekly = new List<EventRateBucket>();
            for (var w = 1; w <= 4; w++)
            {
                var at = minuteStart - TimeSpan.FromDays(7 * w);
                weekly.AddRange(await audit.CountRatesAsync(at - TimeSpan.FromMinutes(30), at + TimeSpan.FromMinutes(30), Bucket, ct).ConfigureAwait(false));
            }

            var first = await audit.ReadRangeAsync(1, 1, 1, ct).ConfigureAwait(false);
            var historyStart = first.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(first[0].TimeUnixMs) : minuteStart;
            var names = current.Select(c => c.EventName).Concat(_open.Keys.Select(k => k.Name)).Distinct(StringComparer.Ordinal).ToList();
            var writes = new List<Crema.Storage.SeriesWrite>();
            foreach (var name in names)
            {
                var now1 = current.FirstOrDefault(c => c.EventName == name);
                foreach (var kind in new[] { "CallRate", "ErrorRate" })
                {
                    double Value(EventRateBucket b) => kind == "CallRate" ? b.Calls : b.Errors;
                    var observed = now1.EventName is null ? 0 : Value(now1);
                    var useWeekly = historyStart <= minuteStart - TimeSpan.FromDays(14);
                    var source = useWeekly ? weekly : recent;
                    var windowStart = useWeekly ? minuteStart - TimeSpan.FromDays(28) : Max(minuteStart - TimeSpan.FromHours(6), Floor(historyStart));
                    var (median, sigma) = Baseline(source.Where(b => b.EventName == name).Select(Value).ToList(),
                        useWeekly ? weekly.Select(b => b.BucketStartMs).Distinct().Count() : (int)((minuteStart - windowStart) / Bucket));
                    var anomalous = observed >= o.InsightMinimumPerMinute && observed > median + (o.InsightThreshold * sigma);
                    var key = (name, kind);
                    if (anomalous)
                    {
                        var details = await DetailsAsync(audit, name, minuteStart, minuteEnd, kind == "ErrorRate", median, sigma, ct).ConfigureAwait(false);
                        var insight = _open.TryGetValue(key, out var open)
                            ? open with { End = null, Observed = Math.Max(open.Observed, observed), DetailsJson = details }
                            : new StoredInsight(0, name, kind, minuteStart, null, median, observed, details);
                        var id = await audit.SaveInsightAsync(insight, ct).ConfigureAwait(false);
                        _open[key] = insight with { Id = id };
                        Log.Insight(log, kind, name, observed, median);
                    }
                    else if (_open.Remove(key, out var ended))
                    {
                        await audit.SaveInsightAsync(ended with { End = minuteStart }, ct).ConfigureAwait(false);
                    }

                    if (kind == "CallRate" && observed > 0) writes.Add(Point("CallCount", name, null, minuteStart, observed));
                    if (kind == "ErrorRate" && observed > 0) writes.Add(Point("ErrorCount", name, null, minuteStart, observed));
                    if (anomalous || _open.ContainsKey(key)) writes.Add(Point("InsightActive", name, kind, minuteStart, 1));
                }
            }

            if (writes.Count > 0) await storage.Engine.AppendAsync(writes, ct).ConfigureAwait(false);
            return [.. _open.Values];
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.InsightInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await EvaluateAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // insights are retried at the next tick
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    Log.Failed(log, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    /// <summary>Median and a robust spread (MAD scaled to σ, at least the Poisson spread of the median, at least 1) of per-minute counts, zeros included.</summary>
    internal static (double Median, double Sigma) Baseline(IReadOnlyList<double> nonZero, int minutes)
    {
        var all = new List<double>(Math.Max(minutes, nonZero.Count));
        all.AddRange(nonZero);
        while (all.Count < minutes) all.Add(0);
        if (all.Count == 0) return (0, 1);
        all.Sort();
        var median = Median(all);
        var deviations = all.Select(v => Math.Abs(v - median)).OrderBy(v => v).ToList();
        var mad = Median(deviations) * 1.4826;
        return (median, Math.Max(1, Math.Max(mad, Math.Sqrt(median))));
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static async Task<string> DetailsAsync(SqliteAuditStore audit, string name, DateTimeOffset from, DateTimeOffset to, bool errorsOnly, double median, double sigma,
        CancellationToken ct)
    {
        var events = await audit.LookupAsync(new AuditQuery { EventName = name, From = from, To = to, Error = errorsOnly ? true : null, Limit = 1000 }, ct).ConfigureAwait(false);
        JsonArray Top(Func<Core.Audit.AuditEvent, string?> pick) => new([.. events
            .Select(e => pick(Core.Audit.AuditEventCodec.Parse(e.Body)) ?? "(none)")
            .GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(5)
            .Select(g => (JsonNode?)new JsonObject { ["value"] = g.Key, ["count"] = g.Count() })]);
        return new JsonObject
        {
            ["baselineMedian"] = median,
            ["baselineSigma"] = sigma,
            ["topUsers"] = Top(e => e.Identity.UserName),
            ["topSources"] = Top(e => e.SourceAddress),
            ["topErrors"] = Top(e => e.ErrorCode),
        }.ToJsonString();
    }

    private static Crema.Storage.SeriesWrite Point(string metric, string eventName, string? kind, DateTimeOffset at, double value)
    {
        Dimension[] dims = kind is null ? [new Dimension("EventName", eventName)] : [new Dimension("EventName", eventName), new Dimension("Kind", kind)];
        return new Crema.Storage.SeriesWrite(new SeriesKey(MetricNamespace, metric, dims), StorageResolution.Standard, [Sample.Plain(at.ToUnixTimeMilliseconds(), value)]);
    }

    private static DateTimeOffset Floor(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds() / 60_000 * 60_000);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(2120, LogLevel.Warning, "Audit insight: {Kind} of {EventName} is {Observed} per minute against a baseline of {Baseline}")]
        public static partial void Insight(ILogger logger, string kind, string eventName, double observed, double baseline);

        [LoggerMessage(2121, LogLevel.Error, "Could not evaluate audit insights")]
        public static partial void Failed(ILogger logger, Exception ex);
    }
}
