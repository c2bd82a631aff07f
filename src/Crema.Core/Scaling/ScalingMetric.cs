using Crema.Core.Alarms;
using Crema.Core.Metrics;

namespace Crema.Core.Scaling;

/// <summary>
/// The metric a policy watches: one metric statistic (Namespace, MetricName, Dimensions, Statistic) or metric-math
/// queries with exactly one query returning data (CloudWatch's customized metric specification).
/// </summary>
public sealed record ScalingMetric
{
    public string? Namespace { get; init; }

    public string? MetricName { get; init; }

    public IReadOnlyList<Dimension> Dimensions { get; init; } = [];

    /// <summary>SampleCount, Sum, Average, Minimum, Maximum or a percentile such as p90.</summary>
    public string? Statistic { get; init; }

    /// <summary>CloudWatch unit; "Seconds" makes causes read in seconds or minutes.</summary>
    public string? Unit { get; init; }

    /// <summary>Metric math instead of a single metric; the query periods are the queries' own.</summary>
    public IReadOnlyList<AlarmMetricQuery>? Queries { get; init; }

    /// <summary>How a shop owner calls the number ("Order wait p90"); default "MetricName Statistic" or "the metric".</summary>
    public string? Label { get; init; }

    /// <summary>The label used in causes.</summary>
    public string DisplayLabel => Label ?? (MetricName is null ? "The metric" : Statistic is null ? MetricName : MetricName + " " + Statistic);

    /// <summary>A single metric statistic.</summary>
    public static ScalingMetric Of(string ns, string metricName, string statistic, params IReadOnlyList<Dimension> dimensions)
        => new() { Namespace = ns, MetricName = metricName, Statistic = statistic, Dimensions = dimensions };

    /// <summary>The alarm source for alarms on this metric with the given period.</summary>
    public MetricAlarmSource ToAlarmSource(int periodSeconds)
    {
        if (Queries is { } queries) return MetricAlarmSource.ForQueries(queries);
        return MetricAlarmSource.ForMetric(new AlarmMetricStat(Namespace ?? "", MetricName ?? "", Dimensions, Statistic ?? "", periodSeconds, Unit));
    }
}
