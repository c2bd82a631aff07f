using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Crema.Core.Metrics;
using Crema.Server.Hosting;
using Crema.Server.RemoteWrite;
using Crema.Server.Tests.TestSupport;
using Crema.Storage;
using Crema.Storage.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.RemoteWrite;

/// <summary>Feeds the requests Prometheus 2.42 really sent through the HTTP endpoint and checks what was stored.</summary>
public sealed class RemoteWriteEndpointTests : IAsyncLifetime
{
    private readonly string _dir = CremaTestServer.NewTempDirectory();
    private readonly FakeTimeProvider _time = new();
    private CremaTestServer _server = null!;

    public async Task InitializeAsync()
    {
        // The fixtures are from 2026-11-26; the server's clock is set to just after them.
        var maxTs = new[] { "shop", "shop-stale", "selfscrape" }.SelectMany(n => Expected(n)).SelectMany(s => s.Samples).Max(s => s.Ts);
        _time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(maxTs + 60_000));
        _server = await CremaTestServer.StartAsync(_dir, _time);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private HttpClient Http => _server.Http;

    private WebApplication App => _server.App;

    private ISampleStore Store => App.Services.GetRequiredService<ISampleStore>();

    [Theory]
    [InlineData("shop")]
    [InlineData("shop-stale")]
    [InlineData("selfscrape")]
    public async Task Real_prometheus_request_is_stored_bit_exactly(string name)
    {
        var resp = await PostFixtureAsync(name);
        Assert.Equal(HttpStatusCode.NoContent, resp.StatusCode);
        foreach (var series in Expected(name))
        {
            var key = KeyOf("Prometheus", series.Labels);
            var stored = Store.ReadRaw(key, long.MinValue / 2, long.MaxValue / 2);
            Assert.Equal(series.Samples.Count, stored.Count);
            for (var i = 0; i < stored.Count; i++)
            {
                Assert.Equal(series.Samples[i].Ts, stored[i].TimestampMs);
                Assert.Equal(BitConverter.DoubleToUInt64Bits(series.Samples[i].Value), BitConverter.DoubleToUInt64Bits(stored[i].Sum));
            }
        }
    }

    [Fact]
    public async Task Staleness_markers_and_NaN_samples_are_kept_but_count_as_no_observation()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await PostFixtureAsync("shop")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PostFixtureAsync("shop-stale")).StatusCode);
        var stale = Expected("shop-stale").First(s => s.Samples.Any(x => StaleMarker.Is(x.Value)));
        var key = KeyOf("Prometheus", stale.Labels);
        var raw = Store.ReadRaw(key, long.MinValue / 2, long.MaxValue / 2);
        Assert.Contains(raw, s => StaleMarker.Is(s.Sum));
        var t0 = raw.Min(s => s.TimestampMs) - 1000;
        var r = Store.Query(key, t0, raw.Max(s => s.TimestampMs) + 1000, 3600, [Core.Statistics.Statistic.SampleCount]);
        var observations = raw.Count(s => !double.IsNaN(s.Sum));
        Assert.Equal(observations, r.Values[0].Sum());
    }

    [Theory]
    [InlineData("shop-metadata")]
    [InlineData("selfscrape-metadata")]
    public async Task Metadata_only_request_is_accepted_and_kept_with_the_metric(string name)
    {
        var resp = await PostFixtureAsync(name);
        Assert.Equal(HttpStatusCode.NoContent, resp.StatusCode);
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.RemoteWrite($"prometheus-2.42-{name}.json")));
        var db = App.Services.GetRequiredService<IMetadataDatabase>();
        foreach (var m in doc.RootElement.GetProperty("metadata").EnumerateArray())
        {
            var family = m.GetProperty("metric_family_name").GetString()!;
            var stored = await db.MetricMetadata.GetAsync("Prometheus", family);
            Assert.NotNull(stored);
            var help = m.GetProperty("help").GetString();
            Assert.Equal(string.IsNullOrEmpty(help) ? null : help, stored!.Help);
            Assert.NotNull(stored.Type);
        }
    }

    [Fact]
    public async Task Namespace_comes_from_the_header_or_the_query()
    {
        var body = File.ReadAllBytes(Fixtures.RemoteWrite("prometheus-2.42-shop.bin"));
        using (var req = Request(body, "/api/v1/write"))
        {
            req.Headers.Add(RemoteWriteEndpoint.NamespaceHeader, "ShopA");
            Assert.Equal(HttpStatusCode.NoContent, (await Http.SendAsync(req)).StatusCode);
        }
        using (var req = Request(body, "/api/v1/write?namespace=ShopB"))
            Assert.Equal(HttpStatusCode.NoContent, (await Http.SendAsync(req)).StatusCode);
        Assert.NotEmpty(Store.FindSeries(new SeriesFilter("ShopA")));
        Assert.NotEmpty(Store.FindSeries(new SeriesFilter("ShopB")));
        Assert.Empty(Store.FindSeries(new SeriesFilter("Prometheus")));
    }

    [Fact]
    public async Task Undecodable_body_is_a_400_that_writes_nothing()
    {
        var body = File.ReadAllBytes(Fixtures.RemoteWrite("prometheus-2.42-shop.bin"));
        using var req = Request(body.AsSpan(0, body.Length / 2).ToArray(), "/api/v1/write");
        var resp = await Http.SendAsync(req);
        Assert.Equal(HttpStatusCode.BadRequest, resp.StatusCode);
        Assert.Equal("application/problem+json", resp.Content.Headers.ContentType?.MediaType);
        Assert.Empty(Store.FindSeries(new SeriesFilter()));
    }

    [Fact]
    public async Task Invalid_series_are_refused_by_name_while_valid_ones_are_stored()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var body = RemoteWriteEncoder.Encode(
        [
            ([("__name__", "coffees_sold_total"), ("shop", "main")], [(now - 1000, 5.0)]),
            ([("__name__", "order_wait_seconds"), ("1bad", "x")], [(now - 1000, 1.0)]),
            ([("__name__", "queue_length"), ("shop", "main")], [(now - 20L * 86_400_000, 3.0)]),
        ]);
        using var req = Request(body, "/api/v1/write");
        var resp = await Http.SendAsync(req);
        Assert.Equal(HttpStatusCode.BadRequest, resp.StatusCode);
        var text = await resp.Content.ReadAsStringAsync();
        Assert.Contains("1bad", text, StringComparison.Ordinal);
        Assert.Contains("queue_length", text, StringComparison.Ordinal);
        var stored = Store.FindSeries(new SeriesFilter("Prometheus"));
        Assert.Single(stored);
        Assert.Equal("coffees_sold_total", stored[0].Key.MetricName);
        Assert.Equal(5.0, Store.ReadRaw(stored[0].Key, 0, long.MaxValue / 2).Single().Sum);
    }

    [Fact]
    public async Task Acknowledged_remote_write_survives_a_restart()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await PostFixtureAsync("selfscrape")).StatusCode);
        var before = Store.FindSeries(new SeriesFilter("Prometheus")).Select(s => (s.Key.ToString(), Store.ReadRaw(s.Key, 0, long.MaxValue / 2).Count)).ToList();
        await _server.DisposeAsync();
        _server = await CremaTestServer.StartAsync(_dir, _time);
        var after = Store.FindSeries(new SeriesFilter("Prometheus")).Select(s => (s.Key.ToString(), Store.ReadRaw(s.Key, 0, long.MaxValue / 2).Count)).ToList();
        Assert.Equal(before, after);
        Assert.Equal(394, after.Count);
    }

    private async Task<HttpResponseMessage> PostFixtureAsync(string name)
    {
        var body = File.ReadAllBytes(Fixtures.RemoteWrite($"prometheus-2.42-{name}.bin"));
        using var req = Request(body, "/api/v1/write");
        return await Http.SendAsync(req);
    }

    private static HttpRequestMessage Request(byte[] body, string path)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        req.Content.Headers.ContentEncoding.Add("snappy");
        req.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        return req;
    }

    private static SeriesKey KeyOf(string ns, IReadOnlyList<(string Name, string Value)> labels)
        => new(ns, labels.Single(l => l.Name == "__name__").Value,
            labels.Where(l => l.Name != "__name__" && l.Value.Length > 0).Select(l => new Dimension(l.Name, l.Value)).ToList());

    private sealed record ExpectedSeries(List<(string Name, string Value)> Labels, List<(double Value, long Ts)> Samples);

    private static List<ExpectedSeries> Expected(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.RemoteWrite($"prometheus-2.42-{name}.json")));
        var list = new List<ExpectedSeries>();
        if (!doc.RootElement.TryGetProperty("timeseries", out var ts)) return list;
        foreach (var s in ts.EnumerateArray())
        {
            var labels = s.GetProperty("labels").EnumerateArray().Select(l => (l[0].GetString()!, l[1].GetString()!)).ToList();
            var samples = s.GetProperty("samples").EnumerateArray().Select(x => (ParseValue(x[0]), x[1].GetInt64())).ToList();
            list.Add(new ExpectedSeries(labels, samples));
        }
        return list;
    }

    private static double ParseValue(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Number) return e.GetDouble();
        var s = e.GetString()!;
        if (s == "StaleNaN") return StaleMarker.Value;
        if (s.StartsWith("NaN:", StringComparison.Ordinal))
            return BitConverter.UInt64BitsToDouble(ulong.Parse(s.AsSpan(4).TrimStart("0x"), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        return double.Parse(s, CultureInfo.InvariantCulture);
    }
}
