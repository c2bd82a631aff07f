using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
using static Crema.Server.Tests.TestSupport.QueryBuilder;

namespace Crema.Server.Tests.Api;

/// <summary>
/// Random values, values with counts and statistic sets go in; GetMetricStatistics and
/// GetMetricData must give what a naive computation over the same data gives.
/// </summary>
public sealed class MetricStatisticsQueryTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly DateTimeOffset Now = CremaTestServer.DefaultNow;
    private static readonly string[] AllStats = ["SampleCount", "Sum", "Average", "Minimum", "Maximum", "p90", "p99", "p0", "p100"];
    private static readonly string[] Shop = ["Shop=a"];

    private CremaTestServer Server => shared.Server;

    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(300)]
    public async Task Statistics_of_values_and_weighted_values_equal_a_naive_computation(int period)
    {
        var ns = "Stats" + period;
        var (start, end, model) = await SeedAsync(ns, seed: 1000 + period, withSets: false);
        var expected = model.Periods(start, end, period);
        Assert.True(expected.Count >= 1136 / period * 0.8, "the data should fill most periods");

        var statistics = await Server.Client.GetMetricStatisticsAsync(ns, "Wait", Shop, start, end, period, AllStats);
        Assert.Equal("Wait", statistics.Label);
        Assert.Equal(expected.Keys, statistics.Datapoints.Select(d => d.Timestamp));
        foreach (var point in statistics.Datapoints)
        {
            var e = expected[point.Timestamp];
            Assert.Equal(e.SampleCount, point.SampleCount);
            Assert.Equal(e.Sum, point.Sum);
            Assert.Equal(e.Average, point.Average);
            Assert.Equal(e.Minimum, point.Minimum);
            Assert.Equal(e.Maximum, point.Maximum);
            Assert.Equal("Seconds", point.Unit);
            Assert.NotNull(point.ExtendedStatistics);
            Approx.Equal(e.Percentile(90), point.ExtendedStatistics["p90"], 0.01, $"p90 at {point.Timestamp:O}");
            Approx.Equal(e.Percentile(99), point.ExtendedStatistics["p99"], 0.01, $"p99 at {point.Timestamp:O}");
            // The ends of the distribution are exact.
            Assert.Equal(e.Minimum, point.ExtendedStatistics["p0"]);
            Assert.Equal(e.Maximum, point.ExtendedStatistics["p100"]);
        }

        var data = await Server.Client.GetMetricDataAsync(Request(start, end, "TimestampAscending",
            AllStats.Select(s => Stat("q" + s.ToLowerInvariant(), ns, "Wait", s, period, Shop)).ToArray()));
        Assert.Equal(AllStats.Length, data.MetricDataResults.Count);
        Assert.Null(data.NextToken);
        for (var i = 0; i < AllStats.Length; i++)
        {
            var result = data.MetricDataResults[i];
            Assert.Equal("q" + AllStats[i].ToLowerInvariant(), result.Id);
            Assert.Equal("Complete", result.StatusCode);
            Assert.Equal("Wait", result.Label);
            Assert.Equal(expected.Keys, result.Timestamps);
            var want = expected.Values.Select(p => p.Get(AllStats[i])).ToArray();
            if (AllStats[i].StartsWith('p'))
            {
                for (var k = 0; k < want.Length; k++) Approx.Equal(want[k], result.Values[k], 0.01, $"{AllStats[i]} at {result.Timestamps[k]:O}");
            }
            else
            {
                Assert.Equal(want, result.Values);
            }
        }
    }

    [Fact]
    public async Task Statistic_sets_mixed_with_values_give_exact_count_sum_min_max_and_average()
    {
        const string ns = "Sets";
        var (start, end, model) = await SeedAsync(ns, seed: 77, withSets: true);
        foreach (var period in new[] { 10, 60, 300 })
        {
            var expected = model.Periods(start, end, period);
            Assert.Contains(expected.Values, p => !p.HasValues);
            var r = await Server.Client.GetMetricStatisticsAsync(ns, "Wait", Shop, start, end, period, AllStats[..5]);
            Assert.Equal(expected.Keys, r.Datapoints.Select(d => d.Timestamp));
            Assert.Equal(expected.Values.Select(p => p.SampleCount), r.Datapoints.Select(d => d.SampleCount!.Value));
            Assert.Equal(expected.Values.Select(p => p.Sum), r.Datapoints.Select(d => d.Sum!.Value));
            Assert.Equal(expected.Values.Select(p => p.Average), r.Datapoints.Select(d => d.Average!.Value));
            Assert.Equal(expected.Values.Select(p => p.Minimum), r.Datapoints.Select(d => d.Minimum!.Value));
            Assert.Equal(expected.Values.Select(p => p.Maximum), r.Datapoints.Select(d => d.Maximum!.Value));
        }
    }

    [Fact]
    public async Task High_resolution_data_answers_one_second_periods()
    {
        const string ns = "HighRes";
        var model = new NaiveSeries();
        var start = Now.AddMinutes(-10);
        var data = RandomMetricData.Generate(new Random(5), "Wait", [new DimensionDto("Shop", "a")], start, TimeSpan.FromSeconds(30), 200, false, model, storageResolution: 1);
        await Server.PutAsync(ns, data);
        var expected = model.Periods(start, start.AddSeconds(30), 1);
        var r = await Server.Client.GetMetricStatisticsAsync(ns, "Wait", Shop, start, start.AddSeconds(30), 1, ["SampleCount", "Sum", "Maximum"]);
        Assert.Equal(expected.Keys, r.Datapoints.Select(d => d.Timestamp));
        Assert.Equal(expected.Values.Select(p => p.Sum), r.Datapoints.Select(d => d.Sum!.Value));
        Assert.Equal(expected.Values.Select(p => p.Maximum), r.Datapoints.Select(d => d.Maximum!.Value));
    }

    [Fact]
    public async Task ScanBy_orders_timestamps_and_defaults_to_descending()
    {
        const string ns = "Scan";
        var (start, end, model) = await SeedAsync(ns, seed: 9, withSets: false);
        var expected = model.Periods(start, end, 60);
        var queries = new[] { Stat("s", ns, "Wait", "Sum", 60, Shop), Stat("x", ns, "Wait", "Maximum", 60, Shop) };

        var ascending = await Server.Client.GetMetricDataAsync(Request(start, end, "TimestampAscending", queries));
        var descending = await Server.Client.GetMetricDataAsync(Request(start, end, "TimestampDescending", queries));
        var byDefault = await Server.Client.GetMetricDataAsync(Request(start, end, null, queries));

        Assert.Equal(expected.Keys, ascending.MetricDataResults[0].Timestamps);
        Assert.Equal(expected.Values.Select(p => p.Sum), ascending.MetricDataResults[0].Values);
        Assert.Equal(expected.Keys.Reverse(), descending.MetricDataResults[0].Timestamps);
        Assert.Equal(expected.Values.Select(p => p.Sum).Reverse(), descending.MetricDataResults[0].Values);
        Assert.Equal(expected.Values.Select(p => p.Maximum).Reverse(), descending.MetricDataResults[1].Values);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(descending.MetricDataResults[i].Timestamps, byDefault.MetricDataResults[i].Timestamps);
            Assert.Equal(descending.MetricDataResults[i].Values, byDefault.MetricDataResults[i].Values);
        }
    }

    [Fact]
    public async Task Dimension_order_in_a_query_does_not_matter()
    {
        const string ns = "Order";
        await Server.PutAsync(ns,
        [
            new MetricDatumDto { MetricName = "Sold", Dimensions = [new DimensionDto("Shop", "a"), new DimensionDto("Drink", "latte")], Timestamp = Now.AddMinutes(-3), Value = 2 },
            new MetricDatumDto { MetricName = "Sold", Dimensions = [new DimensionDto("Drink", "latte"), new DimensionDto("Shop", "a")], Timestamp = Now.AddMinutes(-2), Value = 5 },
        ]);
        Assert.Single((await Server.Client.ListMetricsAsync(ns)).Metrics);
        foreach (var dims in new[] { new[] { "Shop=a", "Drink=latte" }, ["Drink=latte", "Shop=a"] })
        {
            var r = await Server.Client.GetMetricStatisticsAsync(ns, "Sold", dims, Now.AddHours(-1), Now, 3600, ["Sum"]);
            Assert.Equal(7, Assert.Single(r.Datapoints).Sum);
            var q = await Server.Client.GetMetricDataAsync(Request(Now.AddHours(-1), Now, null, Stat("m", ns, "Sold", "Sum", 3600, dims)));
            Assert.Equal([7.0], q.MetricDataResults[0].Values);
        }
        // A subset of the dimensions names another (empty) series, as in CloudWatch.
        var partial = await Server.Client.GetMetricStatisticsAsync(ns, "Sold", ["Shop=a"], Now.AddHours(-1), Now, 3600, ["Sum"]);
        Assert.Empty(partial.Datapoints);
    }

    [Fact]
    public async Task Timestamps_in_epoch_seconds_are_read_as_UTC_instants()
    {
        const string ns = "Epoch";
        var at = Now.AddMinutes(-10);
        var json = "{\"namespace\":\"Epoch\",\"metricData\":[{\"metricName\":\"Sold\",\"value\":4,\"timestamp\":"
            + at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + ".5}]}";
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Server.Http.PostAsync("api/v1/metrics", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var r = await Server.Client.GetMetricStatisticsAsync(ns, "Sold", null, at, at.AddSeconds(1), 1, ["Sum"]);
        Assert.Equal(at, Assert.Single(r.Datapoints).Timestamp);
        var q = await Server.Client.GetMetricDataAsync(Request(at.AddMilliseconds(501), at.AddSeconds(1), null, Stat("m", ns, "Sold", "Sum", 1)));
        Assert.Empty(q.MetricDataResults[0].Values);
    }

    [Fact]
    public async Task A_metric_that_has_no_data_gives_an_empty_complete_result()
    {
        var r = await Server.Client.GetMetricDataAsync(Request(Now.AddHours(-1), Now, null, Stat("m", "Nothing", "Here", "Sum", 60)));
        var result = Assert.Single(r.MetricDataResults);
        Assert.Empty(result.Values);
        Assert.Equal("Complete", result.StatusCode);
    }

    /// <summary>
    /// 400 datums over 20 minutes from an hour ago; the query window [start, end) starts 7 s in
    /// and stops 57 s before the data does, so range edges are exercised too.
    /// </summary>
    private async Task<(DateTimeOffset Start, DateTimeOffset End, NaiveSeries Model)> SeedAsync(string ns, int seed, bool withSets)
    {
        var model = new NaiveSeries();
        var dataStart = Now.AddHours(-1);
        var data = RandomMetricData.Generate(new Random(seed), "Wait", [new DimensionDto("Shop", "a")], dataStart, TimeSpan.FromMinutes(20), 400, withSets, model);
        // Same metric with another dimension value: must not leak into Shop=a.
        data.AddRange(RandomMetricData.Generate(new Random(seed + 1), "Wait", [new DimensionDto("Shop", "b")], dataStart, TimeSpan.FromMinutes(20), 50, withSets, new NaiveSeries()));
        await Server.PutAsync(ns, data);
        return (dataStart.AddSeconds(7), dataStart.AddMinutes(19).AddSeconds(3), model);
    }
}
