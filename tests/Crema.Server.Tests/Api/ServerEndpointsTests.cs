using System.Net;
using System.Text.Json;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Api;

/// <summary>Health, the OpenAPI document, unknown routes, and the admin flush.</summary>
public sealed class ServerEndpointsTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly DateTimeOffset Now = CremaTestServer.DefaultNow;

    private CremaTestServer Server => shared.Server;

    [Fact]
    public async Task Health_answers_200_with_status_ok()
    {
        using var response = await Server.Http.GetAsync(new Uri("health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", doc.RootElement.GetProperty("status").GetString());
        Assert.True(await Server.Client.IsHealthyAsync());
    }

    [Fact]
    public async Task OpenAPI_document_lists_the_four_metrics_operations()
    {
        using var response = await Server.Http.GetAsync(new Uri("openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var operations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject())
                if (op.Value.ValueKind == JsonValueKind.Object && op.Value.TryGetProperty("operationId", out var id))
                    operations[id.GetString()!] = op.Name.ToUpperInvariant() + " " + path.Name;

        Assert.Equal("POST /api/v1/metrics", operations.GetValueOrDefault("PutMetricData"));
        Assert.Equal("POST /api/v1/metrics/query", operations.GetValueOrDefault("GetMetricData"));
        Assert.Equal("GET /api/v1/metrics", operations.GetValueOrDefault("ListMetrics"));
        Assert.Equal("GET /api/v1/metrics/statistics", operations.GetValueOrDefault("GetMetricStatistics"));
    }

    [Theory]
    [InlineData("GET", "api/v1/nothing")]
    [InlineData("GET", "api/v2/metrics")]
    [InlineData("POST", "api/v1/no/such/route")]
    [InlineData("DELETE", "api")]
    [InlineData("POST", "no/such/route")]
    public async Task Unknown_route_answers_404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_path_outside_the_api_is_a_page_of_the_console()
    {
        using var response = await Server.Anonymous.GetAsync(new Uri("no/such/route", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Wrong_method_on_a_known_route_is_not_served()
    {
        using var response = await Server.Http.DeleteAsync(new Uri("api/v1/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Flush_moves_the_head_into_a_block_and_answers_stay_the_same()
    {
        const string ns = "Flush";
        var start = Now.AddHours(-2);
        var rng = new Random(404);
        var data = new List<MetricDatumDto>();
        foreach (var shop in new[] { "a", "b" })
            data.AddRange(RandomMetricData.Generate(rng, "Wait", [new DimensionDto("Shop", shop)], start, TimeSpan.FromMinutes(30), 300, withSets: true, new NaiveSeries()));
        await Server.PutAsync(ns, data);
        var before = await Snapshot.TakeAsync(Server.Client, ns, start, Now);
        var statsBefore = await Server.GetStatsAsync();
        Assert.True(statsBefore.HeadSamples > 0);

        using var flush = await Server.Http.PostAsync(new Uri("api/v1/admin/flush", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, flush.StatusCode);

        var statsAfter = await Server.GetStatsAsync();
        Assert.Equal(0, statsAfter.HeadSamples);
        Assert.True(statsAfter.Blocks >= 1, "the flush should have written a block");
        Assert.Equal(statsBefore.Series, statsAfter.Series);
        Assert.Equal(before, await Snapshot.TakeAsync(Server.Client, ns, start, Now));

        // New data after the flush joins the block's in answers.
        var more = RandomMetricData.Generate(rng, "Wait", [new DimensionDto("Shop", "a")], start, TimeSpan.FromMinutes(30), 50, withSets: false, new NaiveSeries());
        await Server.PutAsync(ns, more);
        var r = await Server.Client.GetMetricStatisticsAsync(ns, "Wait", ["Shop=a"], start, Now, 3600, ["SampleCount"]);
        var expectedCount = data.Concat(more).Where(d => d.Dimensions![0].Value == "a").Sum(Samples);
        Assert.Equal(expectedCount, r.Datapoints.Sum(p => p.SampleCount!.Value));
    }

    private static double Samples(MetricDatumDto d)
        => d.Value is not null ? 1 : d.Values is not null ? d.Counts!.Sum() : d.StatisticValues!.SampleCount!.Value;
}
