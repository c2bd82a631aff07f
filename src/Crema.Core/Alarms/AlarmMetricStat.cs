using Crema.Core.Metrics;

namespace Crema.Core.Alarms;

/// <summary>One metric summarised by a statistic over a period: what a single-metric alarm watches (CloudWatch's MetricStat).</summary>
/// <remarks><c>Statistic</c>: SampleCount, Sum, Average, Minimum, Maximum or a percentile such as p99 (parsed by <see cref="Statistics.Statistic.TryParse"/>). <c>PeriodSeconds</c>: 10, 20, 30 or a multiple of 60. <c>Unit</c>: Optional; when set, only datapoints stored with this unit are read.</remarks>
public sealed record AlarmMetricStat(
    string Namespace,
    string MetricName,
    IReadOnlyList<Dimension> Dimensions,
    string Statistic,
    int PeriodSeconds,
    string? Unit = null);
