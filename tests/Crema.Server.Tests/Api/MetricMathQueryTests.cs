using System.Net.Http.Json;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
using static Crema.Server.Tests.TestSupport.QueryBuilder;

namespace Crema.Server.Tests.Api;

/// <summary>GetMetricData expressions over real stored data, checked against hand computations.</summary>
public sealed class MetricMathQueryTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly DateTimeOffset T0 = CremaTestServer.DefaultNow.AddHours(-2);

    private CremaTestServer Server => shared.Server;

    [Fact]
    public async Task Arithmetic_on_series_matches_per_minute_sums()
    {
        const string ns = "Arith";
        var rng = new Random(21);
        NaiveSeries sold = new(), waited = new();
        var data = new List<MetricDatumDto>();
        for (var minute = 0; minute < 30; minute++)
        {
            // Each series misses some minutes, so m1+m2 has fewer points than either.
            if (rng.Next(5) > 0) data.AddRange(MinuteValues(rng, "Sold", minute, sold));
            if (rng.Next(5) > 0) data.AddRange(MinuteValues(rng, "Waited", minute, waited));
        }
        await Server.PutAsync(ns, data);
        var end = T0.AddMinutes(30);
        var s1 = sold.Periods(T0, end, 60);
        var s2 = waited.Periods(T0, end, 60);

        var r = await Server.Client.GetMetricDataAsync(Request(T0, end, "TimestampAscending",
            Stat("m1", ns, "Sold", "Sum", 60, returnData: false),
            Stat("m2", ns, "Waited", "Sum", 60, returnData: false),
            Expr("double", "m1*2"),
            Expr("both", "m1+m2"),
            Expr("ratio", "m1 / m2", label: "sold per wait")));

        Assert.Equal(["double", "both", "ratio"], r.MetricDataResults.Select(x => x.Id));
        var twice = r.MetricDataResults[0];
        Assert.Equal("m1*2", twice.Label);
        Assert.Equal(s1.Keys, twice.Timestamps);
        Assert.Equal(s1.Values.Select(p => p.Sum * 2), twice.Values);

        var common = s1.Keys.Where(s2.ContainsKey).ToArray();
        Assert.True(common.Length < s1.Count && common.Length < s2.Count, "the seed should leave minutes that only one series has");
        Assert.Equal(common, r.MetricDataResults[1].Timestamps);
        Assert.Equal(common.Select(t => s1[t].Sum + s2[t].Sum), r.MetricDataResults[1].Values);
        Assert.Equal("sold per wait", r.MetricDataResults[2].Label);
        Assert.Equal(common.Select(t => s1[t].Sum / s2[t].Sum), r.MetricDataResults[2].Values);
    }

    [Fact]
    public async Task SUM_of_a_wildcard_query_adds_the_shops_present_each_minute()
    {
        const string ns = "Wild";
        var rng = new Random(33);
        var shops = new Dictionary<string, NaiveSeries> { ["a"] = new(), ["b"] = new(), ["c"] = new() };
        var data = new List<MetricDatumDto>();
        for (var minute = 0; minute < 20; minute++)
        {
            foreach (var (shop, model) in shops)
            {
                if (rng.Next(4) == 0) continue;
                data.AddRange(MinuteValues(rng, "Sold", minute, model, [new DimensionDto("Shop", shop)]));
            }
            // Series the wildcard must not match: an extra dimension, no dimension, another metric.
            data.Add(new MetricDatumDto { MetricName = "Sold", Dimensions = [new DimensionDto("Shop", "d"), new DimensionDto("Drink", "latte")], Timestamp = T0.AddMinutes(minute), Value = 1000 });
            data.Add(new MetricDatumDto { MetricName = "Sold", Timestamp = T0.AddMinutes(minute), Value = 2000 });
            data.Add(new MetricDatumDto { MetricName = "Waited", Dimensions = [new DimensionDto("Shop", "a")], Timestamp = T0.AddMinutes(minute), Value = 3000 });
        }
        await Server.PutAsync(ns, data);
        var end = T0.AddMinutes(20);

        var r = await Server.Client.GetMetricDataAsync(Request(T0, end, "TimestampAscending",
            Stat("m", ns, "Sold", "Sum", 60, ["Shop=*"]),
            Expr("total", "SUM(m)")));

        Assert.Equal(4, r.MetricDataResults.Count);
        var perShop = r.MetricDataResults.Take(3).ToArray();
        Assert.Equal(["Sold a", "Sold b", "Sold c"], perShop.Select(x => x.Label));
        foreach (var (result, shop) in perShop.Zip(new[] { "a", "b", "c" }))
        {
            Assert.Equal("m", result.Id);
            var expected = shops[shop].Periods(T0, end, 60);
            Assert.Equal(expected.Keys, result.Timestamps);
            Assert.Equal(expected.Values.Select(p => p.Sum), result.Values);
        }

        var byMinute = new SortedDictionary<DateTimeOffset, double>();
        foreach (var model in shops.Values)
            foreach (var (t, p) in model.Periods(T0, end, 60))
                byMinute[t] = byMinute.GetValueOrDefault(t) + p.Sum;
        var total = r.MetricDataResults[3];
        Assert.Equal("total", total.Id);
        Assert.Equal(byMinute.Keys, total.Timestamps);
        Assert.Equal(byMinute.Values, total.Values);
    }

    [Fact]
    public async Task RATE_DIFF_and_FILL_match_hand_computations()
    {
        const string ns = "Funcs";
        // A counter read at minutes 0, 1, 2, 5, 6, 9 (gaps of 3 minutes make RATE differ from DIFF/60).
        int[] minutes = [0, 1, 2, 5, 6, 9];
        double[] counter = [100, 160, 230, 500, 530, 800];
        // A gauge at minutes 0, 1, 4, 5.
        int[] gaugeMinutes = [0, 1, 4, 5];
        double[] gauge = [10, 20, 50, 80];
        var data = minutes.Select((m, i) => new MetricDatumDto { MetricName = "Served", Timestamp = T0.AddMinutes(m).AddSeconds(30), Value = counter[i] })
            .Concat(gaugeMinutes.Select((m, i) => new MetricDatumDto { MetricName = "Milk", Timestamp = T0.AddMinutes(m).AddSeconds(5), Value = gauge[i] }))
            .ToArray();
        await Server.PutAsync(ns, data);

        var r = await Server.Client.GetMetricDataAsync(Request(T0, T0.AddMinutes(8), "TimestampAscending",
            Stat("c", ns, "Served", "Maximum", 60, returnData: false),
            Stat("g", ns, "Milk", "Average", 60, returnData: false),
            Expr("d", "DIFF(c)"),
            Expr("r", "RATE(c)"),
            Expr("zero", "FILL(g, 0)"),
            Expr("rep", "FILL(g, REPEAT)"),
            Expr("lin", "FILL(g, LINEAR)")));

        var results = r.MetricDataResults.ToDictionary(x => x.Id);
        // The counter's points after minute 8 lie outside the window.
        Assert.Equal(Minutes(1, 2, 5, 6), results["d"].Timestamps);
        Assert.Equal([60.0, 70, 270, 30], results["d"].Values);
        Assert.Equal(Minutes(1, 2, 5, 6), results["r"].Timestamps);
        Assert.Equal([60 / 60.0, 70 / 60.0, 270 / 180.0, 30 / 60.0], results["r"].Values);

        Assert.Equal(Minutes(0, 1, 2, 3, 4, 5, 6, 7), results["zero"].Timestamps);
        Assert.Equal([10.0, 20, 0, 0, 50, 80, 0, 0], results["zero"].Values);
        Assert.Equal(Minutes(0, 1, 2, 3, 4, 5, 6, 7), results["rep"].Timestamps);
        Assert.Equal([10.0, 20, 20, 20, 50, 80, 80, 80], results["rep"].Values);
        // LINEAR fills only between known points.
        Assert.Equal(Minutes(0, 1, 2, 3, 4, 5), results["lin"].Timestamps);
        Assert.Equal([10.0, 20, 30, 40, 50, 80], results["lin"].Values);
    }

    [Fact]
    public async Task An_expression_that_does_not_parse_is_refused_naming_the_position()
    {
        using var response = await PostQueryAsync(Stat("m1", "Any", "Sold", "Sum", 60), Expr("e", "m1 +* 2"));
        await ProblemAssert.IsValidationErrorAsync(response, "metricDataQueries[1].expression", "at position 4");
    }

    [Fact]
    public async Task An_expression_naming_an_unknown_id_is_refused_naming_the_id()
    {
        using var response = await PostQueryAsync(Stat("m1", "Any", "Sold", "Sum", 60), Expr("e", "m1 + zz"));
        await ProblemAssert.IsValidationErrorAsync(response, "metricDataQueries[1].expression", "unknown id 'zz'");
    }

    [Fact]
    public async Task Expressions_that_refer_to_each_other_in_a_cycle_are_refused()
    {
        using var response = await PostQueryAsync(Stat("m1", "Any", "Sold", "Sum", 60), Expr("a", "b + m1"), Expr("b", "a * 2"));
        await ProblemAssert.IsValidationErrorAsync(response, "metricDataQueries", "cycle");
    }

    [Fact]
    public async Task Invalid_ids_periods_and_statistics_are_refused_by_field()
    {
        using var response = await PostQueryAsync(
            Stat("M1", "Any", "Sold", "Sum", 60),
            Stat("m2", "Any", "Sold", "Sum", 45),
            Stat("m3", "Any", "Sold", "p999", 60));
        var problem = await ProblemAssert.IsProblemAsync(response, 400);
        ProblemAssert.HasError(problem, "metricDataQueries[0].id", "must start with a lowercase letter");
        ProblemAssert.HasError(problem, "metricDataQueries[1].metricStat.period", "must be 1, 5, 10, 30 or a multiple of 60 seconds (was 45)");
        ProblemAssert.HasError(problem, "metricDataQueries[2].metricStat.stat", "'p999' is not a statistic");
    }

    private async Task<HttpResponseMessage> PostQueryAsync(params MetricDataQueryDto[] queries)
        => await Server.Http.PostAsJsonAsync("api/v1/metrics/query", Request(T0, T0.AddHours(1), null, queries), Crema.Client.CremaJson.Options);

    private static DateTimeOffset[] Minutes(params int[] m) => m.Select(x => T0.AddMinutes(x)).ToArray();

    /// <summary>One to three datums at random seconds of a minute after T0, recorded in the model.</summary>
    private static IEnumerable<MetricDatumDto> MinuteValues(Random rng, string name, int minute, NaiveSeries model, DimensionDto[]? dims = null)
    {
        var n = rng.Next(1, 4);
        for (var i = 0; i < n; i++)
        {
            var at = T0.AddMinutes(minute).AddSeconds(rng.Next(60));
            var v = RandomMetricData.NextValue(rng);
            model.AddValue(at, v);
            yield return new MetricDatumDto { MetricName = name, Dimensions = dims, Timestamp = at, Value = v };
        }
    }
}
