namespace Crema.Core.Alarms;

/// <summary>PutMetricAlarm's limits, which Crema keeps.</summary>
public static class MetricAlarmLimits
{
    public const int MaxNameLength = 255;
    public const int MaxDescriptionLength = 1024;
    public const int MaxActionsPerState = 5;
    public const int MaxActionLength = 1024;
    public const int MaxDimensions = 30;
    public const int MaxDimensionNameLength = 255;
    public const int MaxDimensionValueLength = 1024;
    public const int MaxExpressionLength = 2048;
    public const int MaxIdLength = 255;

    /// <summary>Most metric-data queries in one alarm (CloudWatch: a metric-math alarm may read at most 10 metrics; Crema caps all queries at 10).</summary>
    public const int MaxQueries = 10;

    /// <summary>Period × EvaluationPeriods limit for periods under an hour: one day.</summary>
    public const int MaxEvaluationSecondsShortPeriod = 86_400;

    /// <summary>Period × EvaluationPeriods limit for periods of an hour or more: seven days.</summary>
    public const int MaxEvaluationSecondsLongPeriod = 604_800;
}
