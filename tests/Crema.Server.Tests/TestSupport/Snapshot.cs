using Crema.Client;
using Crema.Client.Contracts;
using static Crema.Server.Tests.TestSupport.QueryBuilder;

namespace Crema.Server.Tests.TestSupport;

/// <summary>Everything a client can see of some data (listing, statistics, queries) as one comparable text.</summary>
public static class Snapshot
{
    private static readonly string[] Stats = ["SampleCount", "Sum", "Average", "Minimum", "Maximum", "p50", "p90", "p99"];

    /// <summary>Reads the listing of <paramref name="ns"/> and, for every listed metric, statistics at 10 s, 60 s and 1 h over [start, end).</summary>
    public static async Task<string> TakeAsync(CremaClient client, string ns, DateTimeOffset start, DateTimeOffset end)
    {
        var sb = new System.Text.StringBuilder();
        var listed = await client.ListMetricsAsync(ns);
        foreach (var m in listed.Metrics.OrderBy(Key, StringComparer.Ordinal))
        {
            sb.Append(Key(m)).Append(" unit=").AppendLine(m.Unit);
            var dims = m.Dimensions.Select(d => d.Name + "=" + d.Value).ToArray();
            foreach (var period in new[] { 10, 60, 3600 })
            {
                var r = await client.GetMetricStatisticsAsync(ns, m.MetricName, dims, start, end, period, Stats);
                foreach (var p in r.Datapoints)
                {
                    sb.Append(FormattableString.Invariant($"  {period} {p.Timestamp:O} n={p.SampleCount:R} sum={p.Sum:R} avg={p.Average:R} min={p.Minimum:R} max={p.Maximum:R}"));
                    foreach (var (k, v) in p.ExtendedStatistics ?? new Dictionary<string, double>()) sb.Append(FormattableString.Invariant($" {k}={v:R}"));
                    sb.AppendLine();
                }
            }
        }
        var query = await client.GetMetricDataAsync(Request(start, end, "TimestampAscending",
            listed.Metrics.OrderBy(Key, StringComparer.Ordinal).Select((m, i) => new MetricDataQueryDto
            {
                Id = "m" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                MetricStat = new MetricStatDto { Metric = new MetricDto { Namespace = ns, MetricName = m.MetricName, Dimensions = m.Dimensions }, Period = 60, Stat = "p90" },
            }).Take(100).ToArray()));
        foreach (var r in query.MetricDataResults)
            sb.Append(r.Id).Append(' ').AppendJoin(',', r.Values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))).AppendLine();
        return sb.ToString();
    }

    private static string Key(MetricInfoDto m)
        => m.MetricName + "{" + string.Join(",", m.Dimensions.Select(d => d.Name + "=" + d.Value).Order(StringComparer.Ordinal)) + "}";
}
