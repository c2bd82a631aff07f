using System.Text;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Api;

/// <summary>Values exactly at each limit are accepted and stored (the refusals are off by one, not off by more).</summary>
public sealed class PutMetricDataLimitsTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly DateTimeOffset Now = CremaTestServer.DefaultNow;

    private CremaTestServer Server => shared.Server;

    [Fact]
    public async Task Names_dimensions_and_timestamps_at_their_limits_are_stored()
    {
        var ns = new string('n', 255);
        var name = new string('m', 255);
        var dims = Enumerable.Range(0, 29).Select(i => new DimensionDto("D" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture), "v"))
            .Append(new DimensionDto(new string('d', 255), new string('v', 1024))).ToArray();
        var oldest = Now.AddDays(-14);
        var newest = Now.AddHours(2);
        var response = await Server.Client.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = ns,
            MetricData =
            [
                new MetricDatumDto { MetricName = name, Dimensions = dims, Timestamp = oldest, Value = 1 },
                new MetricDatumDto { MetricName = name, Dimensions = dims, Timestamp = newest, Values = Enumerable.Range(1, 150).Select(i => (double)i).ToArray(), StorageResolution = 1 },
            ],
        });
        Assert.Equal(new PutMetricDataResponse(2, 151), response);

        var listed = await Server.Client.ListMetricsAsync(ns);
        var metric = Assert.Single(listed.Metrics);
        Assert.Equal(name, metric.MetricName);
        Assert.Equal(dims.OrderBy(d => d.Name, StringComparer.Ordinal), metric.Dimensions.OrderBy(d => d.Name, StringComparer.Ordinal));

        var stats = await Server.Client.GetMetricStatisticsAsync(ns, name, dims.Select(d => d.Name + "=" + d.Value),
            oldest, newest.AddMinutes(1), 60, ["SampleCount", "Sum"]);
        Assert.Equal([oldest, newest], stats.Datapoints.Select(d => d.Timestamp));
        Assert.Equal([1.0, 150.0], stats.Datapoints.Select(d => d.SampleCount!.Value));
        Assert.Equal([1.0, 150 * 151 / 2.0], stats.Datapoints.Select(d => d.Sum!.Value));
    }

    [Fact]
    public async Task A_request_of_1000_datums_is_accepted()
    {
        var data = Enumerable.Range(0, 1000).Select(i => new MetricDatumDto { MetricName = "Many", Timestamp = Now.AddSeconds(-1 - i), Value = i }).ToArray();
        var response = await Server.Client.PutMetricDataAsync(new PutMetricDataRequest { Namespace = "Limits", MetricData = data });
        Assert.Equal(new PutMetricDataResponse(1000, 1000), response);
        var stats = await Server.Client.GetMetricStatisticsAsync("Limits", "Many", null, Now.AddHours(-1), Now.AddHours(1), 3600, ["SampleCount", "Sum"]);
        var point = Assert.Single(stats.Datapoints);
        Assert.Equal(1000, point.SampleCount);
        Assert.Equal(999 * 1000 / 2.0, point.Sum);
    }

    [Fact]
    public async Task A_body_of_exactly_1_MiB_is_accepted()
    {
        var json = Encoding.UTF8.GetBytes("{\"namespace\":\"Big\",\"metricData\":[{\"metricName\":\"Body\",\"value\":7}]}");
        var body = new byte[1 << 20];
        body.AsSpan().Fill((byte)' ');
        json.CopyTo(body, 0);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await Server.Http.PostAsync("api/v1/metrics", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Single((await Server.Client.ListMetricsAsync("Big")).Metrics);
    }

    [Fact]
    public async Task A_datum_without_timestamp_is_stored_at_the_server_clock()
    {
        // The fake clock was injected through CremaServer.Build's configure callback; this proves it is the one used.
        // A server of its own: a fake clock only moves forward, and the shared one must stay at Now.
        await using var server = await CremaTestServer.StartAsync();
        server.Time.SetUtcNow(Now.AddSeconds(17.25));
        await server.PutAsync("Clock", [new MetricDatumDto { MetricName = "Tick", Value = 5 }]);
        var stats = await server.Client.GetMetricStatisticsAsync("Clock", "Tick", null, Now, Now.AddMinutes(1), 1, ["Sum"]);
        var point = Assert.Single(stats.Datapoints);
        Assert.Equal(Now.AddSeconds(17), point.Timestamp);
        Assert.Equal(5, point.Sum);
    }
}
