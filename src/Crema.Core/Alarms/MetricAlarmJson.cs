using System.Text.Json;

namespace Crema.Core.Alarms;

/// <summary>Writes a <see cref="MetricAlarmDefinition"/> with CloudWatch's field names, for configuration history.</summary>
public static class MetricAlarmJson
{
    /// <summary>The definition as one JSON object.</summary>
    public static string Write(MetricAlarmDefinition definition)
    {
        var fields = Fields(definition);
        return AlarmText.WriteJson(w => WriteObject(w, fields, null));
    }

    /// <summary>Each top-level field as its raw JSON value, in a fixed order; absent fields are left out.</summary>
    internal static List<KeyValuePair<string, string>> Fields(MetricAlarmDefinition d)
    {
        var f = new List<KeyValuePair<string, string>>();
        void Add(string name, Action<Utf8JsonWriter> write) => f.Add(new(name, AlarmText.WriteJson(write)));

        Add("alarmName", w => w.WriteStringValue(d.Name));
        if (d.Description is not null) Add("alarmDescription", w => w.WriteStringValue(d.Description));
        Add("actionsEnabled", w => w.WriteBooleanValue(d.ActionsEnabled));
        Add("oKActions", w => WriteStrings(w, d.OkActions));
        Add("alarmActions", w => WriteStrings(w, d.AlarmActions));
        Add("insufficientDataActions", w => WriteStrings(w, d.InsufficientDataActions));
        switch (d.Source)
        {
            case MetricStatSource { Stat: { } s }:
                Add("namespace", w => w.WriteStringValue(s.Namespace));
                Add("metricName", w => w.WriteStringValue(s.MetricName));
                Add("dimensions", w => WriteDimensions(w, s));
                Add("statistic", w => w.WriteStringValue(s.Statistic));
                Add("period", w => w.WriteNumberValue(s.PeriodSeconds));
                if (s.Unit is not null) Add("unit", w => w.WriteStringValue(s.Unit));
                break;
            case MetricQuerySource q:
                Add("metrics", w => WriteQueries(w, q.Queries ?? []));
                break;
        }

        Add("evaluationPeriods", w => w.WriteNumberValue(d.EvaluationPeriods));
        if (d.DatapointsToAlarm is { } m) Add("datapointsToAlarm", w => w.WriteNumberValue(m));
        if (d.Threshold is { } t) Add("threshold", w => AlarmText.WriteNumber(w, t));
        if (d.ThresholdMetricId is not null) Add("thresholdMetricId", w => w.WriteStringValue(d.ThresholdMetricId));
        Add("comparisonOperator", w => w.WriteStringValue(d.ComparisonOperator.ToName()));
        Add("treatMissingData", w => w.WriteStringValue(d.TreatMissingData.ToName()));
        if (d.EvaluateLowSampleCountPercentile != LowSampleCountPercentile.Evaluate)
            Add("evaluateLowSampleCountPercentile", w => w.WriteStringValue(d.EvaluateLowSampleCountPercentile.ToName()));
        return f;
    }

    internal static void WriteObject(Utf8JsonWriter w, List<KeyValuePair<string, string>> fields, HashSet<string>? only)
    {
        w.WriteStartObject();
        foreach (var (name, raw) in fields)
        {
            if (only is not null && !only.Contains(name)) continue;
            w.WritePropertyName(name);
            w.WriteRawValue(raw, skipInputValidation: true);
        }

        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, IReadOnlyList<string>? values)
    {
        w.WriteStartArray();
        foreach (var v in values ?? []) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void WriteDimensions(Utf8JsonWriter w, AlarmMetricStat s)
    {
        w.WriteStartArray();
        foreach (var dim in s.Dimensions ?? [])
        {
            w.WriteStartObject();
            w.WriteString("name", dim.Name);
            w.WriteString("value", dim.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteQueries(Utf8JsonWriter w, IReadOnlyList<AlarmMetricQuery> queries)
    {
        w.WriteStartArray();
        foreach (var q in queries)
        {
            if (q is null) continue;
            w.WriteStartObject();
            w.WriteString("id", q.Id);
            if (q.MetricStat is { } s)
            {
                w.WriteStartObject("metricStat");
                w.WriteStartObject("metric");
                w.WriteString("namespace", s.Namespace);
                w.WriteString("metricName", s.MetricName);
                w.WritePropertyName("dimensions");
                WriteDimensions(w, s);
                w.WriteEndObject();
                w.WriteNumber("period", s.PeriodSeconds);
                w.WriteString("stat", s.Statistic);
                if (s.Unit is not null) w.WriteString("unit", s.Unit);
                w.WriteEndObject();
            }

            if (q.Expression is not null) w.WriteString("expression", q.Expression);
            if (q.Label is not null) w.WriteString("label", q.Label);
            w.WriteBoolean("returnData", q.ReturnData);
            if (q.PeriodSeconds is { } p) w.WriteNumber("period", p);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
