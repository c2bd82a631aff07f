using Crema.Client.Contracts;
using Crema.Core.Alarms;
using Crema.Core.Metrics;
using Crema.Core.Statistics;
using Crema.Server.Metrics;

namespace Crema.Server.Alarms;

/// <summary>Reading an alarm's series: directly from the engine for one plain metric, its sample counts for percentile alarms.</summary>
internal sealed partial class AlarmService
{
    /// <summary>For a single-metric alarm without a unit filter or wildcard: the series and statistic to read directly; else nulls (metric math).</summary>
    private static (SeriesKey? Key, Statistic[]? Statistic) DirectRead(MetricAlarmDefinition definition)
    {
        if (definition.Source is MetricStatSource { Stat: { Unit: null } stat } && stat.Dimensions.All(d => d.Value != "*")
            && Statistic.TryParse(stat.Statistic, out var parsed, out _))
        {
            return (new SeriesKey(stat.Namespace, stat.MetricName, [.. stat.Dimensions]), [parsed]);
        }

        return (null, null);
    }

    /// <summary>
    /// How many samples made each period of the compared metric over [start, end) (for EvaluateLowSampleCountPercentile):
    /// the SampleCount of the same metric, read like the alarm reads its statistic.
    /// </summary>
    private Dictionary<DateTimeOffset, double> ReadSampleCounts(MetricAlarmDefinition definition, PutMetricAlarmRequest request, SeriesKey? directKey,
        DateTimeOffset start, DateTimeOffset end, MetricQueryService query)
    {
        var counts = new Dictionary<DateTimeOffset, double>();
        if (directKey is { } key)
        {
            var series = storage.Engine.Query(key, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), definition.PeriodSeconds, [Statistic.SampleCount]);
            for (var k = 0; k < series.Timestamps.Length; k++)
                if (!double.IsNaN(series.Values[0][k])) counts[DateTimeOffset.FromUnixTimeMilliseconds(series.Timestamps[k])] = series.Values[0][k];
            return counts;
        }

        // A metric-math alarm compares a percentile only when its returned query is a metric; count that metric's samples.
        MetricStatDto? stat;
        if (request.Metrics is { Count: > 0 } metrics)
        {
            stat = metrics.FirstOrDefault(m => m.ReturnData == true && m.Id != request.ThresholdMetricId)?.MetricStat;
        }
        else
        {
            stat = new MetricStatDto
            {
                Metric = new MetricDto { Namespace = request.Namespace, MetricName = request.MetricName, Dimensions = request.Dimensions },
                Period = request.Period,
                Unit = request.Unit,
            };
        }

        if (stat is null) return counts;
        var request2 = new GetMetricDataRequest
        {
            StartTime = start,
            EndTime = end,
            ScanBy = "TimestampAscending",
            MetricDataQueries = [new MetricDataQueryDto { Id = "samples", ReturnData = true, MetricStat = stat with { Stat = "SampleCount" } }],
        };
        if (query.Run(request2).Response?.MetricDataResults is { Count: > 0 } results && results[0] is { } result)
            for (var k = 0; k < result.Timestamps.Count; k++) counts[result.Timestamps[k]] = result.Values[k];
        return counts;
    }
}
