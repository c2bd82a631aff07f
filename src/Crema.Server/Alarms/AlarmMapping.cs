using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Alarms;
using Crema.Core.Metrics;

namespace Crema.Server.Alarms;

/// <summary>Between the API's PutMetricAlarm body, the domain's definition and the API's alarm description.</summary>
internal static class AlarmMapping
{
    /// <summary>The definition, or the errors naming each field and rule (the whole request is refused).</summary>
    public static MetricAlarmDefinition? ToDefinition(string name, PutMetricAlarmRequest r, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!ComparisonOperators.TryParse(r.ComparisonOperator, out var op))
        {
            errors["comparisonOperator"] = [$"'{r.ComparisonOperator}' must be one of GreaterThanOrEqualToThreshold (>=), GreaterThanThreshold (>), LessThanThreshold (<), LessThanOrEqualToThreshold (<=), LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold, GreaterThanUpperThreshold"];
        }

        var treat = TreatMissingData.Missing;
        if (r.TreatMissingData is not null && !TreatMissingDataNames.TryParse(r.TreatMissingData, out treat))
        {
            errors["treatMissingData"] = [$"'{r.TreatMissingData}' must be missing, notBreaching, breaching or ignore"];
        }

        var lowSamples = LowSampleCountPercentile.Evaluate;
        if (r.EvaluateLowSampleCountPercentile is not null && !LowSampleCountPercentileRules.TryParse(r.EvaluateLowSampleCountPercentile, out lowSamples))
        {
            errors["evaluateLowSampleCountPercentile"] = [$"'{r.EvaluateLowSampleCountPercentile}' must be evaluate or ignore"];
        }

        if (r.EvaluationPeriods is null) errors["evaluationPeriods"] = ["is required"];
        MetricAlarmSource? source = null;
        if (r.Metrics is { Count: > 0 } metrics)
        {
            if (r.Namespace is not null || r.MetricName is not null) errors["metrics"] = ["give either namespace/metricName/statistic/period or metrics, not both"];
            source = MetricAlarmSource.ForQueries([.. metrics.Select(q => new AlarmMetricQuery(q.Id ?? "", ToStat(q.MetricStat), q.Expression, q.Label, q.ReturnData ?? false, q.Period))]);
        }
        else
        {
            if (string.IsNullOrEmpty(r.Namespace)) errors["namespace"] = ["is required (or give metrics)"];
            if (string.IsNullOrEmpty(r.MetricName)) errors["metricName"] = ["is required (or give metrics)"];
            if (string.IsNullOrEmpty(r.Statistic)) errors["statistic"] = ["is required: SampleCount, Sum, Average, Minimum, Maximum or a percentile such as p90"];
            if (r.Period is null) errors["period"] = ["is required: 10, 20, 30 or a multiple of 60 seconds"];
            source = MetricAlarmSource.ForMetric(new AlarmMetricStat(r.Namespace ?? "", r.MetricName ?? "", Dimensions(r.Dimensions), r.Statistic ?? "", r.Period ?? 0, r.Unit));
        }

        if (errors.Count > 0) return null;
        var definition = new MetricAlarmDefinition
        {
            Name = name,
            Description = r.AlarmDescription,
            Source = source!,
            EvaluationPeriods = r.EvaluationPeriods!.Value,
            DatapointsToAlarm = r.DatapointsToAlarm,
            Threshold = r.Threshold,
            ThresholdMetricId = r.ThresholdMetricId,
            ComparisonOperator = op,
            TreatMissingData = treat,
            EvaluateLowSampleCountPercentile = lowSamples,
            ActionsEnabled = r.ActionsEnabled ?? true,
            AlarmActions = r.AlarmActions ?? [],
            OkActions = r.OkActions ?? [],
            InsufficientDataActions = r.InsufficientDataActions ?? [],
        };
        foreach (var (field, rules) in MetricAlarmValidation.Validate(definition)) errors[Camel(field)] = [.. rules];
        if (op.IsBandOperator())
        {
            if (BandOf(r) is not { } band) errors["thresholdMetricId"] = ["must name a query whose expression is ANOMALY_DETECTION_BAND(id, width), e.g. ANOMALY_DETECTION_BAND(m1, 2)"];
            else if (r.Metrics?.Any(m => m.Id == band.MetricId && m.MetricStat is not null) != true) errors["thresholdMetricId"] = [$"the band's metric '{band.MetricId}' must be a metricStat query of this alarm"];
        }

        if (r.Forecast is { } f)
        {
            if (r.Threshold is null) errors["threshold"] = ["is required for a forecast alarm: the level the forecast must not cross"];
            if (op.IsBandOperator()) errors["comparisonOperator"] = ["a forecast alarm needs <, <=, > or >= (the direction of the crossing)"];
            if (f.HorizonSeconds is { } h && (h < 60 || h > 7 * 86400)) errors["forecast.horizonSeconds"] = ["must be from 60 seconds to 7 days"];
            var window = f.WindowSeconds ?? 3600;
            if (window < 5 * definition.PeriodSeconds || window > 14 * 86400) errors["forecast.windowSeconds"] = [$"must cover at least 5 periods ({5 * definition.PeriodSeconds} s) and at most 14 days"];
        }

        return errors.Count > 0 ? null : definition;
    }

    /// <summary>For an anomaly-band alarm: the query id the band is built on and its width in standard deviations.</summary>
    public static (string MetricId, double Width)? BandOf(PutMetricAlarmRequest r)
    {
        if (r.ThresholdMetricId is not { } id || r.Metrics?.FirstOrDefault(m => m.Id == id)?.Expression is not { } expression) return null;
        var m = System.Text.RegularExpressions.Regex.Match(expression, @"^\s*ANOMALY_DETECTION_BAND\s*\(\s*([a-z][A-Za-z0-9_]*)\s*(?:,\s*([0-9]+(?:\.[0-9]+)?)\s*)?\)\s*$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!m.Success) return null;
        var width = m.Groups[2].Success ? double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 2.0;
        return (m.Groups[1].Value, width);
    }

    /// <summary>The GetMetricData request that reads the alarm's series over [start, end).</summary>
    public static GetMetricDataRequest ToQuery(PutMetricAlarmRequest r, DateTimeOffset start, DateTimeOffset end, out string returnId)
    {
        if (r.Metrics is { Count: > 0 } metrics)
        {
            returnId = metrics.First(m => m.ReturnData == true && m.Id != r.ThresholdMetricId).Id!;

            // The band is computed by the alarm service from the trained model, not by metric math.
            if (BandOf(r) is not null) metrics = [.. metrics.Where(m => m.Id != r.ThresholdMetricId)];
            return new GetMetricDataRequest
            {
                StartTime = start,
                EndTime = end,
                ScanBy = "TimestampAscending",
                MetricDataQueries = [.. metrics.Select(m => new MetricDataQueryDto { Id = m.Id, MetricStat = m.MetricStat, Expression = m.Expression, Label = m.Label, ReturnData = m.ReturnData, Period = m.Period })],
            };
        }

        returnId = "m";
        return new GetMetricDataRequest
        {
            StartTime = start,
            EndTime = end,
            ScanBy = "TimestampAscending",
            MetricDataQueries =
            [
                new MetricDataQueryDto
                {
                    Id = "m",
                    ReturnData = true,
                    MetricStat = new MetricStatDto
                    {
                        Metric = new MetricDto { Namespace = r.Namespace, MetricName = r.MetricName, Dimensions = r.Dimensions },
                        Period = r.Period,
                        Stat = r.Statistic,
                        Unit = r.Unit,
                    },
                },
            ],
        };
    }

    /// <summary>The namespaces an alarm reads (for waking it when data arrives and for permissions).</summary>
    public static IReadOnlyList<string> Namespaces(PutMetricAlarmRequest r) =>
        r.Metrics is { Count: > 0 } m
            ? m.Select(q => q.MetricStat?.Metric?.Namespace).OfType<string>().Distinct(StringComparer.Ordinal).ToList()
            : r.Namespace is { } ns ? [ns] : [];

    public static MetricAlarmDto ToDto(string name, PutMetricAlarmRequest r, AlarmStatus status, DateTimeOffset configuredAt) => new()
    {
        AlarmName = name,
        AlarmDescription = r.AlarmDescription,
        Namespace = r.Namespace,
        MetricName = r.MetricName,
        Dimensions = r.Dimensions,
        Statistic = r.Statistic,
        Period = r.Period ?? r.Metrics?.Select(m => m.MetricStat?.Period ?? m.Period).FirstOrDefault(p => p is not null) ?? 0,
        Unit = r.Unit,
        Metrics = r.Metrics,
        EvaluationPeriods = r.EvaluationPeriods ?? 0,
        DatapointsToAlarm = r.DatapointsToAlarm,
        Threshold = r.Threshold,
        ThresholdMetricId = r.ThresholdMetricId,
        ComparisonOperator = ComparisonOperators.TryParse(r.ComparisonOperator, out var op) ? op.ToName() : r.ComparisonOperator ?? "",
        TreatMissingData = TreatMissingDataNames.TryParse(r.TreatMissingData ?? "missing", out var t) ? t.ToName() : "missing",
        EvaluateLowSampleCountPercentile = LowSampleCountPercentileRules.TryParse(r.EvaluateLowSampleCountPercentile, out var low) ? low.ToName() : null,
        ActionsEnabled = r.ActionsEnabled ?? true,
        AlarmActions = r.AlarmActions ?? [],
        OkActions = r.OkActions ?? [],
        InsufficientDataActions = r.InsufficientDataActions ?? [],
        Forecast = r.Forecast,
        StateValue = status.State.ToName(),
        StateReason = status.Reason,
        StateReasonData = status.ReasonDataJson is { } j ? JsonNode.Parse(j) as JsonObject : null,
        StateUpdatedTimestamp = status.UpdatedAt,
        AlarmConfigurationUpdatedTimestamp = configuredAt,
    };

    public static string Serialize(PutMetricAlarmRequest r) => JsonSerializer.Serialize(r, CremaJson.Options);

    public static PutMetricAlarmRequest Parse(string json) => JsonSerializer.Deserialize<PutMetricAlarmRequest>(json, CremaJson.Options)!;

    private static AlarmMetricStat? ToStat(MetricStatDto? s) => s is null
        ? null
        : new AlarmMetricStat(s.Metric?.Namespace ?? "", s.Metric?.MetricName ?? "", Dimensions(s.Metric?.Dimensions), s.Stat ?? "", s.Period ?? 0, s.Unit);

    private static Dimension[] Dimensions(IReadOnlyList<DimensionDto>? dims) =>
        dims is null ? [] : [.. dims.Select(d => new Dimension(d.Name ?? "", d.Value ?? ""))];

    private static string Camel(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];
}
