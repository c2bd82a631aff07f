using System.Text.Json.Nodes;

namespace Crema.Client.Contracts;

/// <summary>One query of a metric-math alarm (CloudWatch's MetricDataQuery inside PutMetricAlarm).</summary>
public sealed record AlarmMetricQueryDto
{
    public string? Id { get; init; }
    public MetricStatDto? MetricStat { get; init; }
    public string? Expression { get; init; }
    public string? Label { get; init; }
    public bool? ReturnData { get; init; }
    public int? Period { get; init; }
}

/// <summary>PUT /api/v1/alarms/{name}: create or replace a metric alarm (CloudWatch's PutMetricAlarm fields).</summary>
public sealed record PutMetricAlarmRequest
{
    public string? AlarmDescription { get; init; }
    public string? Namespace { get; init; }
    public string? MetricName { get; init; }
    public IReadOnlyList<DimensionDto>? Dimensions { get; init; }

    /// <summary>SampleCount, Sum, Average, Minimum, Maximum or a percentile such as p90.</summary>
    public string? Statistic { get; init; }
    public int? Period { get; init; }
    public string? Unit { get; init; }

    /// <summary>Instead of Namespace/MetricName/…: metric-math queries, exactly one with returnData.</summary>
    public IReadOnlyList<AlarmMetricQueryDto>? Metrics { get; init; }
    public int? EvaluationPeriods { get; init; }
    public int? DatapointsToAlarm { get; init; }
    public double? Threshold { get; init; }
    public string? ThresholdMetricId { get; init; }

    /// <summary>GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold (or >=, >, &lt;, &lt;=), or a band operator.</summary>
    public string? ComparisonOperator { get; init; }

    /// <summary>missing (default), notBreaching, breaching or ignore.</summary>
    public string? TreatMissingData { get; init; }

    /// <summary>Percentile alarms: evaluate (default) or ignore, which keeps the state while the newest period has fewer than 10/(1−p) samples (10/p below p50).</summary>
    public string? EvaluateLowSampleCountPercentile { get; init; }
    public bool? ActionsEnabled { get; init; }
    public IReadOnlyList<string>? AlarmActions { get; init; }
    public IReadOnlyList<string>? OkActions { get; init; }
    public IReadOnlyList<string>? InsufficientDataActions { get; init; }

    /// <summary>
    /// A forecast alarm: instead of comparing each period's value, project the metric's trend over
    /// <see cref="AlarmForecastDto.WindowSeconds"/> and breach when it will cross <see cref="Threshold"/> (downwards for
    /// the LessThan… operators, upwards for GreaterThan…) within <see cref="AlarmForecastDto.HorizonSeconds"/>.
    /// </summary>
    public AlarmForecastDto? Forecast { get; init; }
}

/// <summary>"Tell me before the milk runs out": how far ahead to look and how much history the trend is fitted on.</summary>
public sealed record AlarmForecastDto
{
    /// <summary>Breach when the crossing is at most this far away (default 1800 s).</summary>
    public int? HorizonSeconds { get; init; }

    /// <summary>The history the trend is fitted on (default 3600 s).</summary>
    public int? WindowSeconds { get; init; }
}

/// <summary>PUT /api/v1/composite-alarms/{name}: a rule over other alarms' states.</summary>
public sealed record PutCompositeAlarmRequest
{
    /// <summary>E.g. <c>ALARM("wait-central") AND NOT OK("milk-central")</c>; OR, NOT, parentheses, TRUE and FALSE.</summary>
    public string? AlarmRule { get; init; }
    public string? AlarmDescription { get; init; }
    public bool? ActionsEnabled { get; init; }
    public IReadOnlyList<string>? AlarmActions { get; init; }
    public IReadOnlyList<string>? OkActions { get; init; }
    public IReadOnlyList<string>? InsufficientDataActions { get; init; }
}

/// <summary>A composite alarm with its state.</summary>
public sealed record CompositeAlarmDto
{
    public string AlarmName { get; init; } = "";
    public string AlarmRule { get; init; } = "";
    public string? AlarmDescription { get; init; }
    public bool ActionsEnabled { get; init; }
    public IReadOnlyList<string> AlarmActions { get; init; } = [];
    public IReadOnlyList<string> OkActions { get; init; } = [];
    public IReadOnlyList<string> InsufficientDataActions { get; init; } = [];
    public string StateValue { get; init; } = "INSUFFICIENT_DATA";
    public string StateReason { get; init; } = "";
    public DateTimeOffset StateUpdatedTimestamp { get; init; }
}

/// <summary>GET /api/v1/composite-alarms.</summary>
public sealed record DescribeCompositeAlarmsResponse(IReadOnlyList<CompositeAlarmDto> CompositeAlarms);

/// <summary>A metric alarm with its state.</summary>
public sealed record MetricAlarmDto
{
    public string AlarmName { get; init; } = "";
    public string? AlarmDescription { get; init; }
    public string? Namespace { get; init; }
    public string? MetricName { get; init; }
    public IReadOnlyList<DimensionDto>? Dimensions { get; init; }
    public string? Statistic { get; init; }
    public int Period { get; init; }
    public string? Unit { get; init; }
    public IReadOnlyList<AlarmMetricQueryDto>? Metrics { get; init; }
    public int EvaluationPeriods { get; init; }
    public int? DatapointsToAlarm { get; init; }
    public double? Threshold { get; init; }
    public string? ThresholdMetricId { get; init; }
    public string ComparisonOperator { get; init; } = "";
    public string TreatMissingData { get; init; } = "missing";

    /// <summary>evaluate or ignore (see <see cref="PutMetricAlarmRequest.EvaluateLowSampleCountPercentile"/>); null when not set.</summary>
    public string? EvaluateLowSampleCountPercentile { get; init; }
    public bool ActionsEnabled { get; init; }
    public IReadOnlyList<string> AlarmActions { get; init; } = [];
    public IReadOnlyList<string> OkActions { get; init; } = [];
    public IReadOnlyList<string> InsufficientDataActions { get; init; } = [];
    public AlarmForecastDto? Forecast { get; init; }

    /// <summary>OK, ALARM or INSUFFICIENT_DATA.</summary>
    public string StateValue { get; init; } = "INSUFFICIENT_DATA";
    public string StateReason { get; init; } = "";
    public JsonObject? StateReasonData { get; init; }
    public DateTimeOffset StateUpdatedTimestamp { get; init; }
    public DateTimeOffset AlarmConfigurationUpdatedTimestamp { get; init; }
}

/// <summary>GET /api/v1/alarms.</summary>
public sealed record DescribeAlarmsResponse(IReadOnlyList<MetricAlarmDto> MetricAlarms, string? NextToken);

/// <summary>POST /api/v1/alarms/{name}/state: set the state for testing; the next evaluation sets it again from the data.</summary>
public sealed record SetAlarmStateRequest
{
    public string? StateValue { get; init; }
    public string? StateReason { get; init; }
    public JsonObject? StateReasonData { get; init; }
}

/// <summary>One entry of an alarm's history.</summary>
public sealed record AlarmHistoryItemDto(string AlarmName, DateTimeOffset Timestamp, string HistoryItemType, string HistorySummary, JsonObject? HistoryData);

/// <summary>GET /api/v1/alarms/{name}/history (or /api/v1/alarms/history for all alarms).</summary>
public sealed record DescribeAlarmHistoryResponse(IReadOnlyList<AlarmHistoryItemDto> AlarmHistoryItems, string? NextToken);
