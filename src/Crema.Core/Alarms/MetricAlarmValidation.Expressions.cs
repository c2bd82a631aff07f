using Crema.Core.MetricMath;

namespace Crema.Core.Alarms;

/// <summary>The metric-math half of the PutMetricAlarm rules: every expression parses and reads only queries of the alarm, without cycles.</summary>
public static partial class MetricAlarmValidation
{
    private const string BandFunction = "ANOMALY_DETECTION_BAND";

    /// <summary>
    /// Parses every expression with the metric-math parser and checks what it reads: ids of other queries of this
    /// alarm, no query reading itself through a chain, and a returned expression that reads at least one metric.
    /// The anomaly band (ThresholdMetricId) is the one expression outside the parser's language: its metric id is checked alone.
    /// </summary>
    private static void ValidateExpressions(MetricAlarmDefinition def, IReadOnlyList<AlarmMetricQuery> queries, Errors errors)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < queries.Count; i++)
            if (queries[i] is { Id: { Length: > 0 } id } && !index.ContainsKey(id)) index[id] = i;

        // The ids each query reads; null for a metric or an expression that did not parse.
        var reads = new List<string>?[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            if (queries[i] is not { Expression: { Length: > 0 and <= MetricAlarmLimits.MaxExpressionLength } expr, MetricStat: null } q) continue;
            var field = $"Metrics[{i}].Expression";
            List<string>? ids;
            if (expr.TrimStart().StartsWith(BandFunction, StringComparison.OrdinalIgnoreCase))
            {
                ids = BandIds(expr, field, errors);
            }
            else if (!ExpressionParser.TryParse(expr, out var ast, out var error))
            {
                errors.Add(field, $"{field} \"{expr}\" does not parse: {error!.Message}.");
                continue;
            }
            else
            {
                ids = [.. ast!.ReferencedIds()];
            }

            if (ids is null) continue;
            foreach (var id in ids)
            {
                if (string.Equals(id, q.Id, StringComparison.Ordinal))
                    errors.Add(field, $"{field} must not read its own query (\"{id}\").");
                else if (!index.ContainsKey(id))
                    errors.Add(field, $"{field} reads \"{id}\", which is not the id of a query in Metrics.");
            }

            reads[i] = ids;
        }

        ReportCycles(queries, index, reads, errors);
        ReportReturnedWithoutMetric(def, queries, index, reads, errors);
    }

    /// <summary>ANOMALY_DETECTION_BAND(id[, width]): one id and a positive width (whether it is the ThresholdMetricId query is checked with the threshold).</summary>
    private static List<string>? BandIds(string expr, string field, Errors errors)
    {
        var open = expr.IndexOf('(', StringComparison.Ordinal);
        var close = expr.LastIndexOf(')');
        if (open < 0 || close < open || expr[(close + 1)..].Trim().Length > 0 || expr[..open].Trim().Length != BandFunction.Length)
        {
            errors.Add(field, $"{field} must look like {BandFunction}(m1) or {BandFunction}(m1, 2).");
            return null;
        }

        var args = expr[(open + 1)..close].Split(',');
        var id = args[0].Trim();
        if (args.Length > 2 || !IsValidId(id))
        {
            errors.Add(field, $"{field} must look like {BandFunction}(m1) or {BandFunction}(m1, 2): one query id, then an optional width.");
            return null;
        }

        if (args.Length == 2 && !(double.TryParse(args[1].Trim(), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var width) && width > 0))
            errors.Add(field, $"{field}: the band's width (\"{args[1].Trim()}\") must be a positive number of standard deviations.");
        return [id];
    }

    private static void ReportCycles(IReadOnlyList<AlarmMetricQuery> queries, Dictionary<string, int> index, List<string>?[] reads, Errors errors)
    {
        // 0 = unvisited, 1 = on the current path, 2 = done. Each cycle is reported once, at the query where it closes.
        var mark = new int[queries.Count];
        var path = new List<int>();
        for (var i = 0; i < queries.Count; i++) Visit(i);

        void Visit(int i)
        {
            if (mark[i] != 0) return;
            mark[i] = 1;
            path.Add(i);
            foreach (var id in reads[i] ?? [])
            {
                if (!index.TryGetValue(id, out var j) || j == i) continue;
                if (mark[j] == 1)
                {
                    var chain = path.GetRange(path.IndexOf(j), path.Count - path.IndexOf(j)).Select(k => queries[k].Id).Append(queries[j].Id);
                    errors.Add($"Metrics[{i}].Expression", $"Metrics[{i}].Expression makes a cycle: {string.Join(" → ", chain)}; expressions must not read themselves through other queries.");
                }
                else
                {
                    Visit(j);
                }
            }

            path.RemoveAt(path.Count - 1);
            mark[i] = 2;
        }
    }

    private static void ReportReturnedWithoutMetric(MetricAlarmDefinition def, IReadOnlyList<AlarmMetricQuery> queries, Dictionary<string, int> index,
        List<string>?[] reads, Errors errors)
    {
        if (def.Source is not MetricQuerySource source || source.ReturnQueryFor(def.ThresholdMetricId) is not { Expression: not null } returned
            || !index.TryGetValue(returned.Id, out var start) || reads[start] is null) return;
        var seen = new HashSet<int>();
        var stack = new Stack<int>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var i = stack.Pop();
            if (!seen.Add(i)) continue;
            if (queries[i].MetricStat is not null) return;
            foreach (var id in reads[i] ?? [])
                if (index.TryGetValue(id, out var j)) stack.Push(j);
        }

        errors.Add($"Metrics[{start}].Expression", $"Metrics[{start}].Expression is the returned series but reads no metric, directly or through other expressions; an alarm must watch data.");
    }
}
