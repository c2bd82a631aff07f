using System.Globalization;
using Crema.Client.Contracts;

namespace Crema.Cli.Commands;

/// <summary>How the alarm verbs put an alarm into words: its condition, metric, state colours, periods and ages.</summary>
internal static class AlarmsText
{
    /// <summary>The states in the order describe shows them: what needs attention first.</summary>
    public static readonly string[] StateOrder = ["ALARM", "OK", "INSUFFICIENT_DATA"];

    /// <summary>The history item types the server keeps.</summary>
    public static readonly string[] HistoryTypes = ["StateUpdate", "ConfigurationUpdate", "Action"];

    /// <summary>Where <paramref name="state"/> sorts in <see cref="StateOrder"/> (unknown states last).</summary>
    public static int StateRank(string state)
    {
        var i = Array.IndexOf(StateOrder, state);
        return i < 0 ? StateOrder.Length : i;
    }

    /// <summary>Spectre colour of a state: red for ALARM, green for OK, grey otherwise.</summary>
    public static string StateColour(string state) => state switch
    {
        "ALARM" => "red",
        "OK" => "green",
        _ => "grey",
    };

    /// <summary>The state as markup in its colour.</summary>
    public static string StateMarkup(string state) => $"[{StateColour(state)}]{Spectre.Console.Markup.Escape(state)}[/]";

    /// <summary>OK, ALARM or INSUFFICIENT_DATA from any casing (and InsufficientData); null when it is none of them.</summary>
    public static string? NormalizeState(string text) => text.Trim().ToUpperInvariant() switch
    {
        "OK" => "OK",
        "ALARM" => "ALARM",
        "INSUFFICIENT_DATA" or "INSUFFICIENTDATA" => "INSUFFICIENT_DATA",
        _ => null,
    };

    /// <summary>A history item type in the server's spelling, from any casing; null when unknown.</summary>
    public static string? NormalizeHistoryType(string text)
    {
        foreach (var t in HistoryTypes)
            if (string.Equals(t, text.Trim(), StringComparison.OrdinalIgnoreCase)) return t;
        return null;
    }

    /// <summary>
    /// The CloudWatch name of a comparison given as a symbol (&gt;, &gt;=, &lt;, &lt;=); anything else is passed on
    /// unchanged so that the server, which owns the rule, names the field when it is wrong.
    /// </summary>
    public static string ComparisonName(string text) => text.Trim() switch
    {
        ">" => "GreaterThanThreshold",
        ">=" => "GreaterThanOrEqualToThreshold",
        "<" => "LessThanThreshold",
        "<=" => "LessThanOrEqualToThreshold",
        _ => text,
    };

    /// <summary>"p90 OrderWait &gt; 300 for 3 of 3 × 1 min".</summary>
    public static string Condition(MetricAlarmDto a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var n = a.EvaluationPeriods;
        var m = a.DatapointsToAlarm ?? n;
        var threshold = IsBand(a.ComparisonOperator) ? a.ThresholdMetricId ?? "?" : a.Threshold is { } t ? Number(t) : "?";
        return $"{Subject(a)} {ComparisonWords(a.ComparisonOperator)} {threshold} for {m} of {n} × {PeriodText(Period(a))}";
    }

    /// <summary>What the condition compares: "p90 OrderWait", or the returned query's label or expression for metric math.</summary>
    public static string Subject(MetricAlarmDto a)
    {
        if (Returned(a) is { } q) return q.Label ?? q.Expression ?? (q.MetricStat is { } s ? $"{s.Stat} {s.Metric?.MetricName}" : q.Id ?? "?");
        return $"{a.Statistic} {a.MetricName}";
    }

    /// <summary>"CoffeeShop/OrderWait {Shop=Soho}", or the queries' ids for metric math.</summary>
    public static string Metric(MetricAlarmDto a)
    {
        if (a.Metrics is { Count: > 0 } queries)
        {
            var parts = new List<string>();
            foreach (var q in queries)
            {
                if (q.MetricStat?.Metric is { } metric) parts.Add($"{q.Id}: {MetricName(metric.Namespace, metric.MetricName, metric.Dimensions)}");
                else if (q.Expression is { } e) parts.Add($"{q.Id}: {e}");
            }

            return string.Join("; ", parts);
        }

        return MetricName(a.Namespace, a.MetricName, a.Dimensions);
    }

    /// <summary>"Namespace/Metric {K=V, …}".</summary>
    public static string MetricName(string? ns, string? name, IReadOnlyList<DimensionDto>? dims)
    {
        var text = $"{ns}/{name}";
        if (dims is { Count: > 0 }) text += " {" + string.Join(", ", dims.Select(d => $"{d.Name}={d.Value}")) + "}";
        return text;
    }

    /// <summary>&gt;, &gt;=, &lt;, &lt;= or the band comparison in words.</summary>
    public static string ComparisonWords(string op) => op switch
    {
        "GreaterThanThreshold" or ">" => ">",
        "GreaterThanOrEqualToThreshold" or ">=" => ">=",
        "LessThanThreshold" or "<" => "<",
        "LessThanOrEqualToThreshold" or "<=" => "<=",
        "LessThanLowerOrGreaterThanUpperThreshold" => "outside band",
        "LessThanLowerThreshold" => "below band",
        "GreaterThanUpperThreshold" => "above band",
        _ => op,
    };

    /// <summary>10 s, 1 min, 5 min, 1 h, 1 d.</summary>
    public static string PeriodText(int seconds)
    {
        if (seconds <= 0) return "?";
        if (seconds % 86400 == 0) return (seconds / 86400).ToString(CultureInfo.InvariantCulture) + " d";
        if (seconds % 3600 == 0) return (seconds / 3600).ToString(CultureInfo.InvariantCulture) + " h";
        if (seconds % 60 == 0) return (seconds / 60).ToString(CultureInfo.InvariantCulture) + " min";
        return seconds.ToString(CultureInfo.InvariantCulture) + " s";
    }

    /// <summary>How long ago: 45s, 12m, 3h, 2d (the server's clock may run a little ahead: never negative).</summary>
    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var d = now - then;
        if (d < TimeSpan.Zero) d = TimeSpan.Zero;
        if (d.TotalMinutes < 1) return ((int)d.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s ago";
        if (d.TotalHours < 1) return ((int)d.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m ago";
        if (d.TotalDays < 1) return ((int)d.TotalHours).ToString(CultureInfo.InvariantCulture) + "h ago";
        return ((int)d.TotalDays).ToString(CultureInfo.InvariantCulture) + "d ago";
    }

    /// <summary>A threshold as people write it: 300, 0.5, 1E+07.</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>The period the alarm compares: its own, or for metric math the returned query's.</summary>
    public static int Period(MetricAlarmDto a)
    {
        if (a.Period > 0) return a.Period;
        if (Returned(a) is { } q) return q.Period ?? q.MetricStat?.Period ?? FirstMetricPeriod(a) ?? 0;
        return 0;
    }

    private static int? FirstMetricPeriod(MetricAlarmDto a)
    {
        foreach (var q in a.Metrics ?? [])
            if (q.MetricStat?.Period is { } p) return p;
        return null;
    }

    private static bool IsBand(string op) => op is "LessThanLowerOrGreaterThanUpperThreshold" or "LessThanLowerThreshold" or "GreaterThanUpperThreshold";

    private static AlarmMetricQueryDto? Returned(MetricAlarmDto a)
    {
        if (a.Metrics is not { Count: > 0 } queries) return null;
        foreach (var q in queries)
            if (q.ReturnData == true && q.Id != a.ThresholdMetricId) return q;

        // A lone query returns its data even without the flag.
        return queries.Count == 1 ? queries[0] : null;
    }
}
