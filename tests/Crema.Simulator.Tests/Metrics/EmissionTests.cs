using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Simulator.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Simulator.Tests.Metrics;

public class EmissionTests
{
    /// <summary>Records each request with the wall time at which it was sent.</summary>
    private sealed class ClockedSink(TimeProvider time) : IMetricSink
    {
        public List<(DateTimeOffset Wall, PutMetricDataRequest Request)> Sent { get; } = [];

        public MetricSinkStats Stats => new(Sent.Count, 0, 0, 0, 0, null);

        public Task SendAsync(PutMetricDataRequest request, CancellationToken ct = default)
        {
            Sent.Add((time.GetUtcNow(), request));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Every_request_respects_the_api_limits()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2025, 6, 11, 15, 20, 0, TimeSpan.Zero));
        var sink = new ClockedSink(fake);
        // Six shops and large steps, so single steps produce several requests.
        var options = new SimulatorOptions { Shops = 6, Seed = 4, Lookback = TimeSpan.FromHours(13), MaxLead = TimeSpan.FromMinutes(30) };
        using var sim = new CoffeeShopSimulation(options, sink, fake);
        for (var i = 0; i < 8; i++)
        {
            fake.Advance(TimeSpan.FromSeconds(23));
            await sim.TickAsync();
        }

        Assert.Contains(sink.Sent, s => s.Request.MetricData!.Count == 1000);
        long datums = 0;
        foreach (var (wall, request) in sink.Sent)
        {
            Assert.Equal("CoffeeShop", request.Namespace);
            Assert.InRange(request.MetricData!.Count, 1, 1000);
            var body = JsonSerializer.SerializeToUtf8Bytes(request, CremaJson.Options);
            Assert.True(body.Length <= 1_000_000, $"{body.Length} bytes");
            foreach (var d in request.MetricData)
            {
                datums++;
                Assert.InRange(d.Timestamp!.Value, wall.AddDays(-14), wall.AddHours(2));
                // Nothing later than the wall clock plus the configured lead.
                Assert.True(d.Timestamp.Value <= wall + options.MaxLead, $"{d.Timestamp} sent at {wall}");
                Assert.Equal(1, d.StorageResolution);
                Assert.InRange(d.Dimensions!.Count, 1, 2);
                Assert.Equal("Shop", d.Dimensions[0].Name);
                Assert.True((d.Value is not null) ^ (d.Values is not null), d.MetricName);
                if (d.Value is { } v) Assert.True(double.IsFinite(v) && v >= 0, $"{d.MetricName} = {v}");
                if (d.Values is { } values)
                {
                    Assert.Equal(MetricNames.OrderWait, d.MetricName);
                    Assert.Equal(values.Count, d.Counts!.Count);
                    Assert.InRange(values.Count, 1, 150);
                    Assert.All(values, x => Assert.True(double.IsFinite(x) && x > 0));
                    Assert.All(d.Counts, c => Assert.True(c >= 1));
                }
            }
        }
        Assert.Equal(sim.DatumsEmitted, datums);
        Assert.True(datums > 10_000);
    }

    [Fact]
    public void Units_and_dimensions_follow_the_metric_catalogue()
    {
        var run = TestRuns.Run(new SimulatorOptions { Shops = 1 }, TestRuns.Monday.AddHours(8), TestRuns.Monday.AddHours(9));
        var units = run.Datums.GroupBy(d => d.MetricName!).ToDictionary(g => g.Key, g => g.Select(d => d.Unit).Distinct().Single());
        Assert.Equal(new Dictionary<string, string?>
        {
            [MetricNames.CoffeesSold] = "Count",
            [MetricNames.Revenue] = "None",
            [MetricNames.OrderWait] = "Seconds",
            [MetricNames.QueueLength] = "Count",
            [MetricNames.BaristasOnShift] = "Count",
            [MetricNames.StockBeansKg] = "None",
            [MetricNames.StockMilkLitres] = "None",
            [MetricNames.StockCups] = "Count",
            [MetricNames.OrdersAbandoned] = "Count",
            [MetricNames.LostSales] = "Count",
        }, units);
        // CoffeesSold per item and per shop; every other metric per shop only.
        var itemSeries = run.Datums.Where(d => d.Dimensions!.Count == 2).Select(d => (d.MetricName, TestRuns.Dim(d, "Item"))).Distinct().ToList();
        Assert.Equal(7, itemSeries.Count);
        Assert.All(itemSeries, s => Assert.Equal(MetricNames.CoffeesSold, s.MetricName));
        // One datum per series per 10-s interval: 360 intervals in the hour.
        Assert.Equal(360, run.ShopSeries(MetricNames.QueueLength, "Central").Select(d => d.Timestamp).Distinct().Count());
        Assert.All(run.Datums, d => Assert.Equal(0, d.Timestamp!.Value.UtcTicks % (10 * TimeSpan.TicksPerSecond)));
    }

    [Fact]
    public void Batcher_splits_on_the_byte_budget_and_keeps_order()
    {
        var rng = new Random(3);
        var datums = new List<MetricDatumDto>();
        for (var i = 0; i < 900; i++)
        {
            var n = rng.Next(1, 151);
            datums.Add(new MetricDatumDto
            {
                MetricName = "OrderWait" + i,
                Dimensions = [new DimensionDto("Shop", "Café Ü" + rng.Next()), new DimensionDto("Item", "x")],
                Unit = "Seconds",
                Timestamp = TestRuns.Monday.AddSeconds(i),
                Values = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 1e6 / 7).ToList(),
                Counts = Enumerable.Range(0, n).Select(_ => (double)rng.Next(1, 1000)).ToList(),
                StorageResolution = 1,
            });
        }
        var requests = new List<PutMetricDataRequest>();
        MetricBatcher.Split("CoffeeShop", datums, 1000, 200_000, requests);

        Assert.True(requests.Count > 3);
        Assert.Equal(datums, requests.SelectMany(r => r.MetricData!));
        foreach (var r in requests)
        {
            var size = JsonSerializer.SerializeToUtf8Bytes(r, CremaJson.Options).Length;
            Assert.True(size <= 200_000, $"{size} bytes");
        }
        foreach (var d in datums)
            Assert.True(MetricBatcher.EstimateJsonBytes(d) >= JsonSerializer.SerializeToUtf8Bytes(d, CremaJson.Options).Length);
    }

    [Fact]
    public void Batcher_splits_on_the_datum_limit()
    {
        var datums = Enumerable.Range(0, 2501).Select(i => new MetricDatumDto { MetricName = "M", Value = i }).ToList();
        var requests = new List<PutMetricDataRequest>();
        MetricBatcher.Split("CoffeeShop", datums, 1000, 1_000_000, requests);
        Assert.Equal([1000, 1000, 501], requests.Select(r => r.MetricData!.Count));
        Assert.Equal(datums, requests.SelectMany(r => r.MetricData!));
    }
}
