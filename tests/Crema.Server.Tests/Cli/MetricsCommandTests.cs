using System.Globalization;
using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;

namespace Crema.Server.Tests.Cli;

/// <summary>`crema metrics put|get|list` as a real process against a real server: values written on the command line come back as statistics.</summary>
public sealed class MetricsCommandTests(CliServer fixture) : IClassFixture<CliServer>
{
    private const string SparkChars = "▁▂▃▄▅▆▇█";

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Epoch(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private Task<CliResult> Crema(params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], fixture.Env);

    private async Task<MetricDataResultDto> GetJsonAsync(params string[] args)
    {
        var r = await Crema(["metrics", "get", .. args, "--json"]);
        Assert.True(r.ExitCode == 0, r.All);
        var response = JsonSerializer.Deserialize<GetMetricDataResponse>(r.Stdout, CremaJson.Options);
        Assert.NotNull(response);
        return Assert.Single(response.MetricDataResults);
    }

    [Fact]
    public async Task One_value_put_with_the_default_timestamp_is_read_back_by_get_json()
    {
        var put = await Crema("metrics", "put", "-n", "CliOne", "-m", "Latency", "-v", "42.5");
        Assert.True(put.ExitCode == 0, put.All);
        Assert.Contains("Stored 1 sample(s) of CliOne/Latency", put.Stdout, StringComparison.Ordinal);

        // Default range: the last hour up to the real now; one period of an hour holds the value.
        var sum = await GetJsonAsync("-n", "CliOne", "-m", "Latency", "--stat", "Sum", "--period", "3600", "--since", "2h");
        Assert.Equal(42.5, sum.Values.Sum());
        var count = await GetJsonAsync("-n", "CliOne", "-m", "Latency", "--stat", "SampleCount", "--period", "3600", "--since", "2h");
        Assert.Equal(1, count.Values.Sum());
    }

    [Fact]
    public async Task Several_values_with_dimension_unit_and_timestamp_give_the_naive_statistics()
    {
        var t = fixture.Now.AddMinutes(-10);
        t = t.AddTicks(-(t.UtcTicks % TimeSpan.TicksPerMinute));
        double[] values = [3.5, 1, 10, 7.25, 2];
        var args = new List<string> { "metrics", "put", "-n", "CliMany", "-m", "Wait", "-d", "Shop=Central", "-d", "Till=2", "-u", "Seconds", "-t", Iso(t.AddSeconds(5)) };
        foreach (var v in values) args.AddRange(["-v", v.ToString(CultureInfo.InvariantCulture)]);
        var put = await Crema([.. args]);
        Assert.True(put.ExitCode == 0, put.All);
        Assert.Contains($"Stored {values.Length} sample(s)", put.Stdout, StringComparison.Ordinal);

        string[] query = ["-n", "CliMany", "-m", "Wait", "-d", "Shop=Central", "-d", "Till=2", "--period", "60", "--start", Iso(t.AddMinutes(-1)), "--end", Iso(t.AddMinutes(2))];
        var expected = new Dictionary<string, double>
        {
            ["SampleCount"] = values.Length,
            ["Sum"] = values.Sum(),
            ["Average"] = values.Average(),
            ["Minimum"] = values.Min(),
            ["Maximum"] = values.Max(),
        };
        foreach (var (stat, want) in expected)
        {
            var res = await GetJsonAsync([.. query, "--stat", stat]);
            Assert.Equal([t], res.Timestamps);
            Assert.Equal(want, Assert.Single(res.Values), 9);
        }

        // Only the datum's own dimension combination matches; one dimension alone is another series.
        var partial = await GetJsonAsync("-n", "CliMany", "-m", "Wait", "-d", "Shop=Central", "--stat", "Sum", "--period", "60", "--start", Iso(t.AddMinutes(-1)), "--end", Iso(t.AddMinutes(2)));
        Assert.Empty(partial.Values);

        var listed = await fixture.Server.Client.ListMetricsAsync("CliMany");
        var metric = Assert.Single(listed.Metrics);
        Assert.Equal("Seconds", metric.Unit);
        Assert.Equal([new DimensionDto("Shop", "Central"), new DimensionDto("Till", "2")], metric.Dimensions.OrderBy(d => d.Name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Resolution_one_keeps_seconds_apart_and_epoch_timestamps_are_accepted()
    {
        var t = fixture.Now.AddMinutes(-20);
        t = t.AddTicks(-(t.UtcTicks % TimeSpan.TicksPerMinute));
        // Three datapoints one second apart, the second one given in epoch seconds.
        var a = await Crema("metrics", "put", "-n", "CliRes", "-m", "Depth", "-v", "4", "-t", Iso(t.AddSeconds(10)), "--resolution", "1");
        var b = await Crema("metrics", "put", "-n", "CliRes", "-m", "Depth", "-v", "9", "-t", Epoch(t.AddSeconds(11)), "--resolution", "1");
        var c = await Crema("metrics", "put", "-n", "CliRes", "-m", "Depth", "-v", "1", "-t", Iso(t.AddSeconds(12)), "--resolution", "1");
        Assert.All([a, b, c], r => Assert.True(r.ExitCode == 0, r.All));

        var res = await GetJsonAsync("-n", "CliRes", "-m", "Depth", "--stat", "Maximum", "--period", "1", "--start", Iso(t), "--end", Iso(t.AddMinutes(1)));
        Assert.Equal([t.AddSeconds(10), t.AddSeconds(11), t.AddSeconds(12)], res.Timestamps);
        Assert.Equal([4.0, 9.0, 1.0], res.Values);
    }

    [Fact]
    public async Task Table_output_shows_the_values_and_a_sparkline()
    {
        var t = fixture.Now.AddMinutes(-40);
        t = t.AddTicks(-(t.UtcTicks % TimeSpan.TicksPerMinute));
        double[] values = [12, 30, 18, 45];
        var data = values.Select((v, i) => new MetricDatumDto { MetricName = "Orders", Timestamp = t.AddMinutes(i), Value = v, Unit = "Count" }).ToList();
        await fixture.Server.PutAsync("CliTable", data);

        var r = await Crema("metrics", "get", "-n", "CliTable", "-m", "Orders", "--stat", "Sum", "--period", "60", "--start", Iso(t), "--end", Iso(t.AddMinutes(4)));
        Assert.True(r.ExitCode == 0, r.All);
        var lines = r.Stdout.Split('\n');
        var spark = Assert.Single(lines, l => l.StartsWith("Orders (Sum) ", StringComparison.Ordinal));
        var bars = spark["Orders (Sum) ".Length..].Trim();
        // One bar per period; the lowest value gets the lowest bar and the highest the full block.
        Assert.Equal(values.Length, bars.Length);
        Assert.All(bars, ch => Assert.Contains(ch, SparkChars));
        Assert.Equal('▁', bars[0]);
        Assert.Equal('█', bars[3]);
        for (var i = 0; i < values.Length; i++)
        {
            var row = t.AddMinutes(i).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            Assert.Contains(lines, l => l.Contains(row, StringComparison.Ordinal) && l.Contains(values[i].ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Get_of_an_empty_range_says_so()
    {
        var t = fixture.Now.AddHours(-3);
        var r = await Crema("metrics", "get", "-n", "CliNothing", "-m", "Orders", "--start", Iso(t), "--end", Iso(t.AddMinutes(5)));
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("No datapoints in that range", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "-n", "CliList" }, new[] { "Sold|Shop=a", "Sold|Shop=b", "Sold|Item=latte,Shop=a", "Waited|Shop=a", "Waited|Till=1" })]
    [InlineData(new[] { "-n", "CliList", "-m", "Sold" }, new[] { "Sold|Shop=a", "Sold|Shop=b", "Sold|Item=latte,Shop=a" })]
    [InlineData(new[] { "-n", "CliList", "-d", "Shop=a" }, new[] { "Sold|Shop=a", "Sold|Item=latte,Shop=a", "Waited|Shop=a" })]
    [InlineData(new[] { "-n", "CliList", "-d", "Shop" }, new[] { "Sold|Shop=a", "Sold|Shop=b", "Sold|Item=latte,Shop=a", "Waited|Shop=a" })]
    [InlineData(new[] { "-n", "CliList", "-m", "Sold", "-d", "Shop=a", "-d", "Item" }, new[] { "Sold|Item=latte,Shop=a" })]
    [InlineData(new[] { "-n", "CliListOther" }, new[] { "Sold|Shop=a" })]
    [InlineData(new[] { "-n", "CliListNowhere" }, new string[0])]
    public async Task List_json_filters_by_namespace_metric_and_dimension(string[] filter, string[] expected)
    {
        await SeedListAsync();
        var r = await Crema(["metrics", "list", .. filter, "--json"]);
        Assert.True(r.ExitCode == 0, r.All);
        var metrics = JsonSerializer.Deserialize<List<MetricInfoDto>>(r.Stdout, CremaJson.Options);
        Assert.NotNull(metrics);
        var ns = filter[1];
        Assert.All(metrics, m => Assert.Equal(ns, m.Namespace));
        var got = metrics.Select(m => m.MetricName + "|" + string.Join(",", m.Dimensions.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => $"{d.Name}={d.Value}")))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), got);
    }

    private async Task SeedListAsync()
    {
        var t = fixture.Now.AddMinutes(-5);
        MetricDatumDto D(string name, params (string, string)[] dims) =>
            new() { MetricName = name, Dimensions = dims.Select(d => new DimensionDto(d.Item1, d.Item2)).ToList(), Timestamp = t, Value = 1 };
        // Writing the same datums again only adds samples; the series stay the same.
        await fixture.Server.PutAsync("CliList",
        [
            D("Sold", ("Shop", "a")), D("Sold", ("Shop", "b")), D("Sold", ("Shop", "a"), ("Item", "latte")),
            D("Waited", ("Shop", "a")), D("Waited", ("Till", "1")),
        ]);
        await fixture.Server.PutAsync("CliListOther", [D("Sold", ("Shop", "a"))]);
    }
}
