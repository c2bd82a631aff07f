using System.Text.Json;
using Crema.Core.MetricMath;
using Crema.Core.Statistics;

namespace Crema.Core.Dashboards;

public static partial class DashboardValidator
{
    /// <summary>The rule for query ids, as GetMetricData has it.</summary>
    public const string QueryIdRule = "must match ^[a-z][a-zA-Z0-9_]*$ (a lower-case letter, then letters, digits or '_')";

    /// <summary>Whether <paramref name="period"/> is a period Crema computes: 1, 5, 10, 30 or a multiple of 60 seconds.</summary>
    public static bool IsValidPeriod(long period) => period is 1 or 5 or 10 or 30 || (period >= 60 && period % 60 == 0 && period <= 86_400 * 366L);

    /// <summary>Whether <paramref name="id"/> is a valid query id.</summary>
    public static bool IsValidQueryId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 255 || id[0] is not (>= 'a' and <= 'z')) return false;
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }

        return true;
    }

    private static void ValidateQueries(JsonElement p, string path, bool hasStat, bool hasPeriod, Errors errors, List<string> namespaces)
    {
        if (!p.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, $"is required (an array of {DashboardLimits.MinQueriesPerWidget}-{DashboardLimits.MaxQueriesPerWidget} queries)");
            return;
        }

        var count = metrics.GetArrayLength();
        if (count < DashboardLimits.MinQueriesPerWidget || count > DashboardLimits.MaxQueriesPerWidget)
        {
            errors.Add(path, $"must have {DashboardLimits.MinQueriesPerWidget}-{DashboardLimits.MaxQueriesPerWidget} queries");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var q in metrics.EnumerateArray())
        {
            var qPath = $"{path}[{i++}]";
            if (q.ValueKind != JsonValueKind.Object)
            {
                errors.Add(qPath, "must be an object");
                continue;
            }

            var id = q.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String ? idEl.GetString() : null;
            if (!IsValidQueryId(id)) errors.Add(qPath + ".id", id is null ? "is required; it " + QueryIdRule : QueryIdRule);
            else if (!ids.Add(id!)) errors.Add(qPath + ".id", $"must be unique in the widget ('{id}' is used twice)");

            OptionalString(q, "label", qPath + ".label", DashboardLimits.MaxLabelLength, errors);
            OptionalBool(q, "returnData", qPath + ".returnData", errors);
            var ownPeriod = Period(q, "period", qPath + ".period", errors);
            var hasMetricStat = q.TryGetProperty("metricStat", out var ms) && ms.ValueKind != JsonValueKind.Null;
            var hasExpression = q.TryGetProperty("expression", out var ex) && ex.ValueKind != JsonValueKind.Null;
            if (hasMetricStat == hasExpression)
            {
                errors.Add(qPath, "must have exactly one of metricStat and expression");
                continue;
            }

            if (hasExpression)
            {
                if (ex.ValueKind != JsonValueKind.String || ex.GetString() is not { Length: > 0 } text)
                {
                    errors.Add(qPath + ".expression", "must be a non-empty string");
                }
                else if (text.Length > DashboardLimits.MaxExpressionLength)
                {
                    errors.Add(qPath + ".expression", $"must be at most {DashboardLimits.MaxExpressionLength} characters");
                }
                else if (!ExpressionParser.TryParse(text, out _, out var error))
                {
                    errors.Add(qPath + ".expression", $"is not a valid expression: {error!.Message} (at character {error.Position + 1})");
                }

                continue;
            }

            ValidateMetricStat(ms, qPath + ".metricStat", hasStat, hasPeriod || ownPeriod, errors, namespaces);
        }
    }

    private static void ValidateMetricStat(JsonElement ms, string path, bool widgetHasStat, bool hasPeriod, Errors errors, List<string> namespaces)
    {
        if (ms.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "must be an object");
            return;
        }

        if (!ms.TryGetProperty("metric", out var m) || m.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path + ".metric", "is required (an object with namespace, metricName and dimensions)");
        }
        else
        {
            var ns = RequiredName(m, "namespace", path + ".metric.namespace", errors);
            if (ns is not null && !namespaces.Contains(ns, StringComparer.Ordinal)) namespaces.Add(ns);
            RequiredName(m, "metricName", path + ".metric.metricName", errors);
            if (m.TryGetProperty("dimensions", out var dims) && dims.ValueKind != JsonValueKind.Null)
            {
                var dPath = path + ".metric.dimensions";
                if (dims.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(dPath, "must be an array of {name, value}");
                }
                else
                {
                    if (dims.GetArrayLength() > DashboardLimits.MaxDimensions) errors.Add(dPath, $"must have at most {DashboardLimits.MaxDimensions} dimensions");
                    var j = 0;
                    foreach (var d in dims.EnumerateArray())
                    {
                        var one = $"{dPath}[{j++}]";
                        if (d.ValueKind != JsonValueKind.Object)
                        {
                            errors.Add(one, "must be an object {name, value}");
                            continue;
                        }

                        RequiredName(d, "name", one + ".name", errors);
                        RequiredName(d, "value", one + ".value", errors);
                    }
                }
            }
        }

        var ownStat = Stat(ms, "stat", path + ".stat", errors);
        var ownPeriod = Period(ms, "period", path + ".period", errors);
        if (!ownStat && !widgetHasStat && !ms.TryGetProperty("stat", out _)) errors.Add(path + ".stat", "is required when the widget's properties have no stat");
        if (!ownPeriod && !hasPeriod && !ms.TryGetProperty("period", out _)) errors.Add(path + ".period", "is required when neither the query nor the widget's properties have a period");
    }

    private static string? RequiredName(JsonElement obj, string property, string path, Errors errors)
    {
        if (!obj.TryGetProperty(property, out var v) || v.ValueKind != JsonValueKind.String || v.GetString() is not { Length: > 0 } text)
        {
            errors.Add(path, "is required (a non-empty string)");
            return null;
        }

        if (text.Length > 255)
        {
            errors.Add(path, "must be at most 255 characters");
            return null;
        }

        return text;
    }

    /// <summary>True when a valid stat is present; an invalid one is an error, an absent one is not.</summary>
    private static bool Stat(JsonElement obj, string property, string path, Errors errors)
    {
        if (!obj.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return false;
        if (v.ValueKind == JsonValueKind.String && Statistic.TryParse(v.GetString(), out _, out _)) return true;
        errors.Add(path, "must be SampleCount, Sum, Average, Minimum, Maximum or a percentile pNN or pNN.NN (0-100)");
        return false;
    }

    /// <summary>True when a valid period is present; an invalid one is an error, an absent one is not.</summary>
    private static bool Period(JsonElement obj, string property, string path, Errors errors)
    {
        if (!obj.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return false;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && IsValidPeriod(n)) return true;
        errors.Add(path, "must be 1, 5, 10, 30 or a multiple of 60 seconds");
        return false;
    }
}
