namespace Crema.Client.Contracts;

/// <summary>
/// POST /api/v1/alarms/preview: what an alarm (a PutMetricAlarm body) would have seen and done over stored data,
/// period by period, without saving anything.
/// </summary>
public sealed record AlarmPreviewResponse
{
    /// <summary>The first previewed period's start (the requested start, aligned down to the period).</summary>
    public DateTimeOffset StartTime { get; init; }

    /// <summary>The last previewed period's end (the requested end or now, whichever is earlier, aligned down).</summary>
    public DateTimeOffset EndTime { get; init; }
    public int Period { get; init; }

    /// <summary>The compared statistic; null for a metric-math expression.</summary>
    public string? Statistic { get; init; }
    public string ComparisonOperator { get; init; } = "";

    /// <summary>The static threshold; null for a band alarm (each datapoint carries its band).</summary>
    public double? Threshold { get; init; }
    public int EvaluationPeriods { get; init; }
    public int DatapointsToAlarm { get; init; }
    public string TreatMissingData { get; init; } = "missing";

    /// <summary>One entry per period, oldest first; a missing period has a null value.</summary>
    public IReadOnlyList<AlarmPreviewDatapointDto> Datapoints { get; init; } = [];

    /// <summary>Every state change, oldest first, starting from INSUFFICIENT_DATA like a new alarm.</summary>
    public IReadOnlyList<AlarmPreviewTransitionDto> Transitions { get; init; } = [];

    /// <summary>The state after the last period.</summary>
    public string FinalState { get; init; } = "INSUFFICIENT_DATA";
}

/// <summary>One period of an alarm preview: its value, sample count, whether it breaches, and the band for band alarms.</summary>
public sealed record AlarmPreviewDatapointDto(DateTimeOffset Timestamp, double? Value, double? SampleCount, bool? Breaching, double? Lower = null, double? Upper = null);

/// <summary>One state change of an alarm preview, at the end of the period that caused it, with CloudWatch's reason text.</summary>
public sealed record AlarmPreviewTransitionDto(DateTimeOffset Timestamp, string OldState, string NewState, string Reason);
