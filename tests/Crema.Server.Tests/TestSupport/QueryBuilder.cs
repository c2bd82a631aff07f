using Crema.Client.Contracts;

namespace Crema.Server.Tests.TestSupport;

/// <summary>Short ways to write GetMetricData queries in tests.</summary>
public static class QueryBuilder
{
    /// <summary>A metric-stat query; dimensions as "Name=Value" (a value of * is a wildcard).</summary>
    public static MetricDataQueryDto Stat(string id, string ns, string metricName, string stat, int period,
        IEnumerable<string>? dimensions = null, bool returnData = true, string? label = null) => new()
    {
        Id = id,
        Label = label,
        ReturnData = returnData,
        MetricStat = new MetricStatDto
        {
            Metric = new MetricDto
            {
                Namespace = ns,
                MetricName = metricName,
                Dimensions = (dimensions ?? []).Select(d => d.Split('=', 2)).Select(p => new DimensionDto(p[0], p[1])).ToArray(),
            },
            Period = period,
            Stat = stat,
        },
    };

    /// <summary>An expression query.</summary>
    public static MetricDataQueryDto Expr(string id, string expression, int? period = null, string? label = null)
        => new() { Id = id, Expression = expression, Period = period, Label = label };

    /// <summary>A request over [start, end).</summary>
    public static GetMetricDataRequest Request(DateTimeOffset start, DateTimeOffset end, string? scanBy, params MetricDataQueryDto[] queries)
        => new() { MetricDataQueries = queries, StartTime = start, EndTime = end, ScanBy = scanBy };
}
