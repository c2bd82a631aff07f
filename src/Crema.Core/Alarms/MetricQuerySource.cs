namespace Crema.Core.Alarms;

/// <summary>An alarm on metric math (CloudWatch's Metrics parameter): the query with ReturnData is compared.</summary>
public sealed record MetricQuerySource(IReadOnlyList<AlarmMetricQuery> Queries) : MetricAlarmSource
{
    /// <summary>The query whose series is compared (the first with ReturnData), or null.</summary>
    public AlarmMetricQuery? ReturnQuery => ReturnQueryFor(null);

    /// <summary>
    /// The compared query: the first with ReturnData that is not the band query named by ThresholdMetricId (an
    /// anomaly alarm returns both the metric and its band, as CloudWatch's examples do).
    /// </summary>
    public AlarmMetricQuery? ReturnQueryFor(string? thresholdMetricId)
    {
        if (Queries is null) return null;
        foreach (var q in Queries)
            if (q is not null && q.ReturnData && !string.Equals(q.Id, thresholdMetricId, StringComparison.Ordinal)) return q;
        return null;
    }

    /// <summary>
    /// The returned query's own period, else its metric's period, else the first metric's period: CloudWatch gives an
    /// expression the period of the metrics it reads unless the expression sets one.
    /// </summary>
    public override int PeriodSeconds => PeriodFor(null);

    /// <summary>The period of the query compared when <paramref name="thresholdMetricId"/> names the band.</summary>
    public int PeriodFor(string? thresholdMetricId)
    {
        var ret = ReturnQueryFor(thresholdMetricId);
        if (ret?.PeriodSeconds is { } p) return p;
        if (ret?.MetricStat is { } s) return s.PeriodSeconds;
        if (Queries is null) return 0;
        foreach (var q in Queries)
            if (q?.MetricStat is { } m) return m.PeriodSeconds;
        return 0;
    }

    /// <summary>The returned metric's statistic when the returned query is a metric, else null (an expression has none).</summary>
    public override string? Statistic => ReturnQuery?.MetricStat?.Statistic;
}
