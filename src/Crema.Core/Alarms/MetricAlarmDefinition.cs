namespace Crema.Core.Alarms;

/// <summary>
/// A metric alarm as PutMetricAlarm describes it: what to watch, how many periods (N = EvaluationPeriods) and how
/// many of them must breach (M = DatapointsToAlarm), the threshold or band, missing-data treatment and actions.
/// Check it with <see cref="MetricAlarmValidation.Validate"/> before storing it.
/// </summary>
public sealed record MetricAlarmDefinition
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public required MetricAlarmSource Source { get; init; }

    /// <summary>N: how many of the most recent periods are evaluated.</summary>
    public required int EvaluationPeriods { get; init; }

    /// <summary>M: how many of the N datapoints must breach for ALARM; null means N.</summary>
    public int? DatapointsToAlarm { get; init; }

    /// <summary>The static threshold; required unless the operator is a band operator.</summary>
    public double? Threshold { get; init; }

    /// <summary>For band operators: the id of the query that produces the anomaly band (ANOMALY_DETECTION_BAND).</summary>
    public string? ThresholdMetricId { get; init; }

    public required ComparisonOperator ComparisonOperator { get; init; }

    public TreatMissingData TreatMissingData { get; init; } = TreatMissingData.Missing;

    /// <summary>For percentile alarms: whether a newest datapoint with too few samples may change the state (see <see cref="LowSampleCountPercentileRules.MinimumSamples(string)"/>).</summary>
    public LowSampleCountPercentile EvaluateLowSampleCountPercentile { get; init; } = LowSampleCountPercentile.Evaluate;

    public bool ActionsEnabled { get; init; } = true;

    /// <summary>Topics (names or ARN-like strings) notified on a transition to ALARM.</summary>
    public IReadOnlyList<string> AlarmActions { get; init; } = [];

    /// <summary>Topics notified on a transition to OK.</summary>
    public IReadOnlyList<string> OkActions { get; init; } = [];

    /// <summary>Topics notified on a transition to INSUFFICIENT_DATA.</summary>
    public IReadOnlyList<string> InsufficientDataActions { get; init; } = [];

    /// <summary>The period of the compared series in seconds.</summary>
    public int PeriodSeconds => Source is MetricQuerySource q ? q.PeriodFor(ThresholdMetricId) : Source?.PeriodSeconds ?? 0;

    /// <summary>The statistic of the compared metric (null for an expression); reported in the reason data.</summary>
    public string? Statistic => Source is MetricQuerySource q ? q.ReturnQueryFor(ThresholdMetricId)?.MetricStat?.Statistic : Source?.Statistic;

    /// <summary>M with its default applied.</summary>
    public int EffectiveDatapointsToAlarm => DatapointsToAlarm ?? EvaluationPeriods;

    /// <summary>The actions configured for a state.</summary>
    public IReadOnlyList<string> ActionsFor(AlarmState state) => state switch
    {
        AlarmState.Alarm => AlarmActions,
        AlarmState.Ok => OkActions,
        _ => InsufficientDataActions,
    };
}
