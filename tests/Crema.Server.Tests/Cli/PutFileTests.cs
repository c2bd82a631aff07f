using System.Globalization;
using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;

namespace Crema.Server.Tests.Cli;

/// <summary>`crema metrics put --file`: a JSON request or JSON Lines of requests, all stored, or none when a line is not JSON.</summary>
public sealed class PutFileTests(CliServer fixture) : IClassFixture<CliServer>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crema-cli-file-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<CliResult> Crema(params string[] args) => CremaCli.RunAsync([.. args, "--url", fixture.Url], fixture.Env);

    private DateTimeOffset Minute(int minutesAgo)
    {
        var t = fixture.Now.AddMinutes(-minutesAgo);
        return t.AddTicks(-(t.UtcTicks % TimeSpan.TicksPerMinute));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<(double Count, double Sum)> StatsAsync(string ns, string metric, DateTimeOffset from, DateTimeOffset to)
    {
        async Task<double> Stat(string stat)
        {
            var r = await fixture.Server.Client.GetMetricDataAsync(new GetMetricDataRequest
            {
                StartTime = from,
                EndTime = to,
                MetricDataQueries =
                [
                    new MetricDataQueryDto
                    {
                        Id = "q",
                        MetricStat = new MetricStatDto { Metric = new MetricDto { Namespace = ns, MetricName = metric, Dimensions = [] }, Period = (int)(to - from).TotalSeconds, Stat = stat },
                    },
                ],
            });
            return r.MetricDataResults.Single().Values.Sum();
        }

        return (await Stat("SampleCount"), await Stat("Sum"));
    }

    [Fact]
    public async Task A_pretty_printed_request_file_is_stored_and_the_summary_counts_its_samples()
    {
        var t = Minute(30);
        var request = new PutMetricDataRequest
        {
            Namespace = "CliFile",
            MetricData =
            [
                new MetricDatumDto { MetricName = "Orders", Timestamp = t, Value = 5 },
                new MetricDatumDto { MetricName = "Orders", Timestamp = t.AddSeconds(20), Values = [1, 2, 4], Counts = [1, 1, 2] },
                new MetricDatumDto { MetricName = "Orders", Timestamp = t.AddSeconds(40), StatisticValues = new StatisticSetDto(10, 30, 1, 6) },
            ],
        };
        // Indented, so the file spans many lines and is still one request, not JSON Lines.
        var path = Write("request.json", JsonSerializer.Serialize(request, new JsonSerializerOptions(CremaJson.Options) { WriteIndented = true }));

        var r = await Crema("metrics", "put", "--file", path);
        Assert.True(r.ExitCode == 0, r.All);
        var stats = await StatsAsync("CliFile", "Orders", t, t.AddMinutes(1));
        Assert.Equal(1 + 4 + 10, stats.Count);
        Assert.Equal(5 + (1 + 2 + 4 + 4) + 30, stats.Sum);
        // The summary reports what the server stored (samples as the server counts them) from one request.
        var samples = (await fixture.Server.Client.PutMetricDataAsync(request with { Namespace = "CliFileCount" })).Samples;
        Assert.Contains($"Stored {samples.ToString(CultureInfo.InvariantCulture)} sample(s) from 1 request(s); 0 failed", r.Unwrapped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_lines_file_stores_every_request_and_json_output_counts_them()
    {
        var t = Minute(25);
        var lines = new List<string>();
        double sum = 0;
        var samples = 0;
        for (var i = 0; i < 4; i++)
        {
            var values = Enumerable.Range(1, i + 1).Select(v => (double)(v * 10 + i)).ToList();
            sum += values.Sum();
            samples += values.Count;
            var req = new PutMetricDataRequest { Namespace = "CliLines", MetricData = [new MetricDatumDto { MetricName = "Cups", Timestamp = t.AddSeconds(i * 5), Values = values }] };
            lines.Add(JsonSerializer.Serialize(req, CremaJson.Options));
            if (i == 1) lines.Add("   "); // blank lines are skipped
        }
        var path = Write("requests.jsonl", string.Join('\n', lines) + "\n");

        var r = await Crema("metrics", "put", "--file", path, "--json");
        Assert.True(r.ExitCode == 0, r.All);
        using var summary = JsonDocument.Parse(r.Stdout.Trim().Split('\n')[^1]);
        Assert.Equal(4, summary.RootElement.GetProperty("requests").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("failed").GetInt32());
        Assert.Equal(samples, summary.RootElement.GetProperty("samples").GetInt64());

        var stats = await StatsAsync("CliLines", "Cups", t, t.AddMinutes(1));
        Assert.Equal(samples, stats.Count);
        Assert.Equal(sum, stats.Sum);
    }

    [Fact]
    public async Task A_line_that_is_not_json_names_the_line_fails_and_writes_nothing()
    {
        var t = Minute(20);
        var good = JsonSerializer.Serialize(new PutMetricDataRequest { Namespace = "CliBadLine", MetricData = [new MetricDatumDto { MetricName = "Cups", Timestamp = t, Value = 1 }] }, CremaJson.Options);
        var path = Write("broken.jsonl", good + "\n" + good + "\n{\"namespace\": \"CliBadLine\", metricData: [}\n" + good + "\n");

        var r = await Crema("metrics", "put", "--file", path);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("broken.jsonl line 3", r.Stderr, StringComparison.Ordinal);
        // The file is parsed before anything is sent, so the good lines before the bad one are not written either.
        Assert.Empty((await fixture.Server.Client.ListMetricsAsync("CliBadLine")).Metrics);
    }

    [Fact]
    public async Task A_request_the_server_refuses_is_counted_as_failed_and_the_exit_code_says_so()
    {
        var t = Minute(15);
        string Line(string ns) => JsonSerializer.Serialize(new PutMetricDataRequest { Namespace = ns, MetricData = [new MetricDatumDto { MetricName = "Cups", Timestamp = t, Value = 2 }] }, CremaJson.Options);
        var path = Write("mixed.jsonl", Line("CliMixed") + "\n" + Line("AWS/CliMixed") + "\n");

        var r = await Crema("metrics", "put", "--file", path);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Stored 1 sample(s) from 1 request(s); 1 failed", r.Unwrapped, StringComparison.Ordinal);
        Assert.Contains("namespace: must not start with 'AWS/'", r.Unwrapped, StringComparison.Ordinal);
        Assert.Single((await fixture.Server.Client.ListMetricsAsync("CliMixed")).Metrics);
    }

    [Fact]
    public async Task A_missing_file_is_an_error_naming_it()
    {
        var path = Path.Combine(_dir, "nowhere.json");
        var r = await Crema("metrics", "put", "--file", path);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(path, r.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not exist", r.Stderr, StringComparison.Ordinal);
    }
}
