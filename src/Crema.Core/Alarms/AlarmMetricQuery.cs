namespace Crema.Core.Alarms;

/// <summary>
/// One query of a metric-math alarm (CloudWatch's MetricDataQuery): either a metric (<see cref="MetricStat"/>) or an
/// expression over other queries' ids. Exactly one query of an alarm returns data; that series is compared.
/// </summary>
/// <remarks><c>Id</c>: Starts with a lower-case letter; letters, digits and underscores. <c>PeriodSeconds</c>: For an expression: the period of its result (defaults to the metrics' period).</remarks>
public sealed record AlarmMetricQuery(
    string Id,
    AlarmMetricStat? MetricStat = null,
    string? Expression = null,
    string? Label = null,
    bool ReturnData = false,
    int? PeriodSeconds = null);
