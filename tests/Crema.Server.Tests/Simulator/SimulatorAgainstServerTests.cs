using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
using Crema.Simulator;
using Crema.Simulator.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Simulator;

/// <summary>
/// The coffee-shop simulation sends a whole simulated morning to a real server through
/// <see cref="CremaClientMetricSink"/>; what the server sums up equals the simulator's own tills.
/// </summary>
public sealed class SimulatorAgainstServerTests
{
    // A Monday: beans and cups are delivered at 09:00, so the morning sees deliveries as well as rushes.
    private static readonly DateTimeOffset ServerNow = CremaTestServer.DefaultNow;
    private static readonly DateTimeOffset MorningStart = new(2025, 3, 10, 5, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MorningEnd = new(2025, 3, 10, 11, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_simulated_morning_on_a_real_server_sums_to_the_shops_own_totals()
    {
        await using var server = await CremaTestServer.StartAsync(time: new FakeTimeProvider(ServerNow));
        var snapshots = await RunMorningAsync(server, "CoffeeShop", TimeSpan.FromSeconds(1));
        Assert.Equal(3, snapshots.Length);
        foreach (var shop in snapshots)
        {
            Assert.True(shop.CoffeesSoldToday > 50, $"{shop.Shop} sold only {shop.CoffeesSoldToday} in a morning");

            var shopDims = new[] { new DimensionDto(MetricNames.ShopDimension, shop.Shop) };
            Assert.Equal(shop.CoffeesSoldToday, (long)Math.Round(await SumAsync(server, MetricNames.CoffeesSold, shopDims)));

            var items = (await server.Client.ListMetricsAsync("CoffeeShop", MetricNames.CoffeesSold, [$"Shop={shop.Shop}", "Item"])).Metrics;
            Assert.True(items.Count >= 3, $"{shop.Shop} has {items.Count} item series");
            double itemTotal = 0;
            foreach (var item in items) itemTotal += await SumAsync(server, MetricNames.CoffeesSold, item.Dimensions);
            Assert.Equal(shop.CoffeesSoldToday, (long)Math.Round(itemTotal));

            var revenue = await SumAsync(server, MetricNames.Revenue, shopDims);
            Assert.Equal(shop.RevenueToday, Math.Round((decimal)revenue, 2));

            // Every order served is one OrderWait sample; the busiest 10 % of waits is longer than the typical one.
            var p50 = await StatAsync(server, MetricNames.OrderWait, shopDims, "p50");
            var p90 = await StatAsync(server, MetricNames.OrderWait, shopDims, "p90");
            Assert.True(p90 > p50 && p50 > 0, $"{shop.Shop}: p50 {p50}, p90 {p90}");
        }
    }

    [Fact]
    public async Task Coarse_and_fine_steps_store_the_same_morning()
    {
        await using var server = await CremaTestServer.StartAsync(time: new FakeTimeProvider(ServerNow));
        var fine = await RunMorningAsync(server, "CoffeeShopFine", TimeSpan.FromMilliseconds(500));
        var coarse = await RunMorningAsync(server, "CoffeeShopCoarse", TimeSpan.FromSeconds(7));

        Assert.Equal(fine.Select(s => (s.Shop, s.CoffeesSoldToday, s.RevenueToday, s.AbandonedToday, s.LostSalesToday)),
            coarse.Select(s => (s.Shop, s.CoffeesSoldToday, s.RevenueToday, s.AbandonedToday, s.LostSalesToday)));
        foreach (var shop in fine)
        {
            var dims = new[] { new DimensionDto(MetricNames.ShopDimension, shop.Shop) };
            foreach (var metric in new[] { MetricNames.CoffeesSold, MetricNames.Revenue, MetricNames.QueueLength, MetricNames.StockMilkLitres })
            {
                var a = await QueryAsync(server, "CoffeeShopFine", metric, dims, "Sum", 600);
                var b = await QueryAsync(server, "CoffeeShopCoarse", metric, dims, "Sum", 600);
                Assert.NotEmpty(a.Values);
                Assert.Equal(a.Timestamps, b.Timestamps);
                Assert.Equal(a.Values, b.Values);
            }
        }
    }

    /// <summary>Runs the morning with the runner driven by hand: each step advances the fake wall clock by <paramref name="step"/> (× 1000 simulated); no sleeping.</summary>
    private static async Task<ShopSnapshot[]> RunMorningAsync(CremaTestServer server, string ns, TimeSpan step)
    {
        var wall = new FakeTimeProvider(ServerNow);
        var options = new SimulatorOptions
        {
            Shops = 3,
            Seed = 7,
            Acceleration = 1000,
            SimStart = MorningStart,
            SimEnd = MorningEnd,
            UtcOffset = TimeSpan.Zero,
            Namespace = ns,
        };
        var sink = new CremaClientMetricSink(server.Client, new RetryOptions { MaxAttempts = 1 });
        using var sim = new CoffeeShopSimulation(options, sink, wall);
        var steps = 0;
        while (!sim.IsFinished)
        {
            wall.Advance(step);
            await sim.TickAsync();
            Assert.True(++steps < 1000, "the simulation did not reach SimEnd");
        }
        await sim.FlushAsync();

        Assert.Equal(MorningEnd, sim.SimulatedNow);
        Assert.Equal(0, sim.SendErrors);
        Assert.True(sink.Stats.DatumsFailed == 0, sink.Stats.LastError);
        Assert.Equal(sim.DatumsEmitted, sink.Stats.DatumsSent);
        return sim.Snapshot();
    }

    private static async Task<double> SumAsync(CremaTestServer server, string metric, IReadOnlyList<DimensionDto> dims)
    {
        // Hourly periods over the whole morning; the sum of the period sums is the morning's total.
        var r = await QueryAsync(server, "CoffeeShop", metric, dims, "Sum", 3600);
        return r.Values.Sum();
    }

    private static async Task<double> StatAsync(CremaTestServer server, string metric, IReadOnlyList<DimensionDto> dims, string stat)
    {
        var r = await QueryAsync(server, "CoffeeShop", metric, dims, stat, 8 * 3600);
        return Assert.Single(r.Values);
    }

    private static async Task<MetricDataResultDto> QueryAsync(CremaTestServer server, string ns, string metric, IReadOnlyList<DimensionDto> dims, string stat, int period)
    {
        var r = await server.Client.GetMetricDataAsync(new GetMetricDataRequest
        {
            StartTime = MorningStart,
            EndTime = MorningEnd,
            MetricDataQueries =
            [
                new MetricDataQueryDto
                {
                    Id = "q",
                    MetricStat = new MetricStatDto { Metric = new MetricDto { Namespace = ns, MetricName = metric, Dimensions = dims }, Period = period, Stat = stat },
                },
            ],
        });
        var result = Assert.Single(r.MetricDataResults);
        Assert.Equal("Complete", result.StatusCode);
        return result;
    }
}
