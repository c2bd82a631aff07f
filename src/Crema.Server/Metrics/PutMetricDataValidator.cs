using System.Globalization;
using Crema.Client.Contracts;
using Crema.Core.Metrics;
using Crema.Storage;

namespace Crema.Server.Metrics;

/// <summary>
/// Checks a PutMetricData request against CloudWatch's rules and turns it into series writes.
/// Every error names the field (JSON path) and the rule; any error means nothing is written.
/// </summary>
internal static class PutMetricDataValidator
{
    private const int MaxErrors = 50;

    public sealed record Result(List<SeriesWrite> Writes, Dictionary<(string Ns, string Name), string> Units, int Datums, long Samples);

    public static bool TryValidate(PutMetricDataRequest? req, long nowMs, long maxAgeMs, long maxFutureMs,
        out Result? result, out Dictionary<string, string[]> errors)
    {
        var errs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Err(string field, string rule)
        {
            if (errs.Count >= MaxErrors && !errs.ContainsKey(field)) return;
            if (!errs.TryGetValue(field, out var l)) errs[field] = l = [];
            l.Add(rule);
        }

        result = null;
        if (req is null)
        {
            errors = new() { ["body"] = ["a JSON object with namespace and metricData is required"] };
            return false;
        }
        CheckNamespace(req.Namespace, "namespace", Err);
        var data = req.MetricData;
        if (data is null || data.Count == 0) Err("metricData", "at least one datum is required");
        else if (data.Count > MetricLimits.MaxDatumsPerRequest) Err("metricData", $"at most {MetricLimits.MaxDatumsPerRequest} datums per request (was {data.Count})");

        var bySeries = new Dictionary<SeriesKey, (int Resolution, List<Sample> Samples)>();
        var units = new Dictionary<(string, string), string>();
        long samples = 0;
        for (var i = 0; data is not null && i < data.Count && i < MetricLimits.MaxDatumsPerRequest; i++)
        {
            var d = data[i];
            var p = $"metricData[{i}]";
            if (d is null)
            {
                Err(p, "must be an object");
                continue;
            }
            CheckName(d.MetricName, p + ".metricName", Err);
            var dims = CheckDimensions(d.Dimensions, p + ".dimensions", Err);
            if (d.Unit is not null && !MetricUnits.All.Contains(d.Unit))
                Err(p + ".unit", $"'{d.Unit}' is not a unit; use one of {string.Join(", ", MetricUnits.All)}");
            var resolution = d.StorageResolution ?? StorageResolution.Standard;
            if (!StorageResolution.IsValid(resolution)) Err(p + ".storageResolution", $"must be 1 or 60 (was {resolution})");
            var ts = d.Timestamp?.ToUnixTimeMilliseconds() ?? nowMs;
            if (ts < nowMs - maxAgeMs)
                Err(p + ".timestamp", $"must not be more than {FormatSpan(maxAgeMs)} in the past (was {d.Timestamp:O})");
            else if (ts > nowMs + maxFutureMs)
                Err(p + ".timestamp", $"must not be more than {FormatSpan(maxFutureMs)} in the future (was {d.Timestamp:O})");

            var shapes = (d.Value.HasValue ? 1 : 0) + (d.Values is not null ? 1 : 0) + (d.StatisticValues is not null ? 1 : 0);
            var points = new List<Sample>();
            if (shapes != 1)
            {
                Err(p, shapes == 0 ? "one of value, values or statisticValues is required"
                    : "give exactly one of value, values or statisticValues");
            }
            else if (d.Value is { } v)
            {
                if (CheckFinite(v, p + ".value", Err)) points.Add(Sample.Plain(ts, v));
                if (d.Counts is not null) Err(p + ".counts", "counts go with values, not with value");
            }
            else if (d.Values is { } vs)
            {
                if (vs.Count == 0) Err(p + ".values", "must hold at least one value");
                if (vs.Count > MetricLimits.MaxValuesPerDatum) Err(p + ".values", $"at most {MetricLimits.MaxValuesPerDatum} values per datum (was {vs.Count})");
                if (d.Counts is not null && d.Counts.Count != vs.Count)
                    Err(p + ".counts", $"must have as many entries as values ({vs.Count}), was {d.Counts.Count}");
                for (var j = 0; j < vs.Count && j < MetricLimits.MaxValuesPerDatum; j++)
                {
                    var ok = CheckFinite(vs[j], $"{p}.values[{j}]", Err);
                    var c = d.Counts is not null && j < d.Counts.Count ? d.Counts[j] : 1;
                    if (!double.IsFinite(c) || c <= 0)
                    {
                        Err($"{p}.counts[{j}]", $"must be a finite number greater than 0 (was {Format(c)})");
                        ok = false;
                    }
                    if (ok) points.Add(c == 1 ? Sample.Plain(ts, vs[j]) : Sample.Weighted(ts, vs[j], c));
                }
            }
            else if (d.StatisticValues is { } s)
            {
                var sp = p + ".statisticValues";
                var ok = true;
                ok &= Required(s.SampleCount, sp + ".sampleCount", Err);
                ok &= Required(s.Sum, sp + ".sum", Err);
                ok &= Required(s.Minimum, sp + ".minimum", Err);
                ok &= Required(s.Maximum, sp + ".maximum", Err);
                if (ok)
                {
                    if (s.SampleCount!.Value <= 0) Err(sp + ".sampleCount", $"must be greater than 0 (was {Format(s.SampleCount.Value)})");
                    else if (s.Minimum!.Value > s.Maximum!.Value) Err(sp + ".minimum", $"must not exceed maximum ({Format(s.Minimum.Value)} > {Format(s.Maximum.Value)})");
                    else points.Add(Sample.FromSet(ts, new StatisticSet(s.SampleCount.Value, s.Sum!.Value, s.Minimum.Value, s.Maximum.Value)));
                }
                if (d.Counts is not null) Err(p + ".counts", "counts go with values, not with statisticValues");
            }

            if (errs.Count > 0 || d.MetricName is null || req.Namespace is null || dims is null) continue;
            var key = new SeriesKey(req.Namespace, d.MetricName, dims);
            if (!bySeries.TryGetValue(key, out var entry)) bySeries[key] = entry = (resolution, new List<Sample>());
            entry.Samples.AddRange(points);
            samples += points.Count;
            if (d.Unit is not null) units[(req.Namespace, d.MetricName)] = d.Unit;
        }

        errors = errs.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        if (errs.Count > 0) return false;
        var writes = new List<SeriesWrite>(bySeries.Count);
        foreach (var (key, (res, list)) in bySeries) writes.Add(new SeriesWrite(key, res, list.ToArray()));
        result = new Result(writes, units, data!.Count, samples);
        return true;
    }

    private static bool Required(double? v, string field, Action<string, string> err)
    {
        if (v is null)
        {
            err(field, "is required");
            return false;
        }
        return CheckFinite(v.Value, field, err);
    }

    private static bool CheckFinite(double v, string field, Action<string, string> err)
    {
        if (double.IsFinite(v)) return true;
        err(field, $"must be a finite number (was {Format(v)}); NaN and ±Infinity are not accepted");
        return false;
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatSpan(long ms) => ms % 86_400_000 == 0 ? $"{ms / 86_400_000} days"
        : ms % 3_600_000 == 0 ? $"{ms / 3_600_000} hours" : $"{ms / 1000} seconds";

    /// <summary>Namespace: 1–255 printable ASCII characters, not starting with "AWS/".</summary>
    public static void CheckNamespace(string? ns, string field, Action<string, string> err)
    {
        if (string.IsNullOrEmpty(ns))
        {
            err(field, "is required (1 to 255 characters)");
            return;
        }
        if (ns.Length > MetricLimits.MaxNameLength) err(field, $"must be at most {MetricLimits.MaxNameLength} characters (was {ns.Length})");
        foreach (var c in ns)
        {
            if (c < 0x20 || c > 0x7E)
            {
                err(field, $"must hold printable ASCII characters only (found U+{(int)c:X4})");
                break;
            }
        }
        if (ns.StartsWith("AWS/", StringComparison.Ordinal)) err(field, "must not start with 'AWS/' (reserved for AWS services)");
        if (ns.Trim().Length == 0) err(field, "must contain a non-whitespace character");
    }

    /// <summary>Metric and dimension names: 1–255 characters, no control characters, not only whitespace.</summary>
    public static void CheckName(string? name, string field, Action<string, string> err, int max = MetricLimits.MaxNameLength)
    {
        if (string.IsNullOrEmpty(name))
        {
            err(field, $"is required (1 to {max} characters)");
            return;
        }
        if (name.Length > max) err(field, $"must be at most {max} characters (was {name.Length})");
        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                err(field, $"must not contain control characters (found U+{(int)c:X4})");
                break;
            }
        }
        if (name.Trim().Length == 0) err(field, "must contain a non-whitespace character");
    }

    public static Dimension[]? CheckDimensions(IReadOnlyList<DimensionDto>? dims, string field, Action<string, string> err)
    {
        if (dims is null || dims.Count == 0) return [];
        if (dims.Count > MetricLimits.MaxDimensions) err(field, $"at most {MetricLimits.MaxDimensions} dimensions (was {dims.Count})");
        var result = new Dimension[dims.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ok = true;
        for (var j = 0; j < dims.Count; j++)
        {
            var d = dims[j];
            var p = $"{field}[{j}]";
            if (d is null)
            {
                err(p, "must be an object with name and value");
                ok = false;
                continue;
            }
            var before = 0;
            void Count(string f, string r)
            {
                before++;
                err(f, r);
            }
            CheckName(d.Name, p + ".name", Count);
            CheckName(d.Value, p + ".value", Count, MetricLimits.MaxDimensionValueLength);
            if (d.Name is not null && !seen.Add(d.Name)) Count(p + ".name", $"duplicate dimension name '{d.Name}'");
            if (before > 0)
            {
                ok = false;
                continue;
            }
            result[j] = new Dimension(d.Name!, d.Value!);
        }
        return ok ? result : null;
    }
}
