using System.Text.Json;

namespace Crema.Core.Alarms;

/// <summary>
/// The machine-readable side of a state reason (CloudWatch's StateReasonData): what was queried and which
/// datapoints decided. <see cref="ToJson"/> writes CloudWatch's field names.
/// </summary>
/// <remarks><c>RecentDatapoints</c>: Values of the real datapoints evaluated, oldest first. <c>EvaluatedDatapoints</c>: Datapoints evaluated, newest first; filled missing ones carry only a timestamp. <c>RecentLowerThresholds</c>: For band operators: the lower band of each recent datapoint. <c>RecentUpperThresholds</c>: For band operators: the upper band of each recent datapoint.</remarks>
public sealed record AlarmReasonData(
    string Version,
    DateTimeOffset QueryDate,
    DateTimeOffset? StartDate,
    string? Statistic,
    int Period,
    IReadOnlyList<double> RecentDatapoints,
    double? Threshold,
    IReadOnlyList<AlarmEvaluatedDatapoint> EvaluatedDatapoints,
    IReadOnlyList<double?>? RecentLowerThresholds = null,
    IReadOnlyList<double?>? RecentUpperThresholds = null)
{
    /// <summary>Compact JSON: {"version":"1.0","queryDate":…,"startDate":…,"statistic":…,"period":60,"recentDatapoints":[…],"threshold":…,"evaluatedDatapoints":[…]}.</summary>
    public string ToJson() => AlarmText.WriteJson(Write);

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("version", Version);
        w.WriteString("queryDate", AlarmText.FormatDataTime(QueryDate));
        if (StartDate is { } start) w.WriteString("startDate", AlarmText.FormatDataTime(start));
        if (Statistic is not null) w.WriteString("statistic", Statistic);
        w.WriteNumber("period", Period);
        w.WriteStartArray("recentDatapoints");
        foreach (var v in RecentDatapoints) AlarmText.WriteNumber(w, v);
        w.WriteEndArray();
        if (Threshold is { } t)
        {
            w.WritePropertyName("threshold");
            AlarmText.WriteNumber(w, t);
        }

        WriteOptionalList(w, "recentLowerThresholds", RecentLowerThresholds);
        WriteOptionalList(w, "recentUpperThresholds", RecentUpperThresholds);
        if (EvaluatedDatapoints.Count > 0)
        {
            w.WriteStartArray("evaluatedDatapoints");
            foreach (var d in EvaluatedDatapoints)
            {
                w.WriteStartObject();
                w.WriteString("timestamp", AlarmText.FormatDataTime(d.Timestamp));
                if (d.SampleCount is { } n)
                {
                    w.WritePropertyName("sampleCount");
                    AlarmText.WriteNumber(w, n);
                }

                if (d.Value is { } v)
                {
                    w.WritePropertyName("value");
                    AlarmText.WriteNumber(w, v);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteOptionalList(Utf8JsonWriter w, string name, IReadOnlyList<double?>? values)
    {
        if (values is null) return;
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            if (v is { } x) AlarmText.WriteNumber(w, x);
            else w.WriteNullValue();
        }

        w.WriteEndArray();
    }
}
