namespace Crema.Core.Alarms;

/// <summary>What a metric alarm watches: one metric statistic, or a set of metric-data queries with one returned series.</summary>
public abstract record MetricAlarmSource
{
    private protected MetricAlarmSource()
    {
    }

    /// <summary>The period of the compared series in seconds (0 when it cannot be told, which validation reports).</summary>
    public abstract int PeriodSeconds { get; }

    /// <summary>The statistic of a single-metric alarm (null for metric math); goes into the reason data.</summary>
    public abstract string? Statistic { get; }

    /// <summary>A single-metric source.</summary>
    public static MetricStatSource ForMetric(AlarmMetricStat stat) => new(stat);

    /// <summary>A metric-math source.</summary>
    public static MetricQuerySource ForQueries(params IReadOnlyList<AlarmMetricQuery> queries) => new(queries);
}
