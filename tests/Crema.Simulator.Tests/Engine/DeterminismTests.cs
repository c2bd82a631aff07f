using Crema.Simulator.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Simulator.Tests.Engine;

public class DeterminismTests
{
    private static async Task<string> RunDay(int seed, TimeSpan wallStep)
    {
        var fake = new FakeTimeProvider(TestRuns.Monday.AddDays(1));
        var start = TestRuns.Monday.AddHours(6);
        var end = TestRuns.Monday.AddHours(20);
        var sink = new InMemoryMetricSink();
        var options = new SimulatorOptions { Seed = seed, SimStart = start, SimEnd = end, Acceleration = 120 };
        using var sim = new CoffeeShopSimulation(options, sink, fake);
        // 14 simulated hours at 120× are 7 wall minutes.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(7.5); elapsed += wallStep)
        {
            fake.Advance(wallStep);
            await sim.TickAsync();
        }
        Assert.Equal(end, sim.SimulatedNow);
        Assert.True(sim.IsFinished);
        // Each step appends shop after shop, so the interleaving depends on the step; each shop's own stream must not.
        var datums = sink.Datums();
        return TestRuns.FingerprintByShop(datums);
    }

    [Fact]
    public async Task Same_seed_emits_identical_metrics()
    {
        Assert.Equal(await RunDay(42, TimeSpan.FromSeconds(7)), await RunDay(42, TimeSpan.FromSeconds(7)));
    }

    [Fact]
    public async Task Same_seed_emits_identical_metrics_however_wall_time_is_stepped()
    {
        Assert.Equal(await RunDay(7, TimeSpan.FromSeconds(3)), await RunDay(7, TimeSpan.FromSeconds(40)));
    }

    [Fact]
    public async Task Different_seeds_emit_different_metrics()
    {
        Assert.NotEqual(await RunDay(1, TimeSpan.FromSeconds(30)), await RunDay(2, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Shop_results_do_not_depend_on_how_simulated_time_is_sliced()
    {
        var options = new SimulatorOptions { Seed = 11, KeepEventLog = true };
        var end = TestRuns.Monday.AddDays(1.5);
        var oneStep = TestRuns.Run(options, TestRuns.Monday, end, TimeSpan.FromDays(2));
        var rng = new Random(5);
        var shops = options.ResolveShops();
        var sliced = new Crema.Simulator.Engine.ShopSimulator[shops.Count];
        for (var i = 0; i < shops.Count; i++) sliced[i] = new Crema.Simulator.Engine.ShopSimulator(shops[i], i, options, TestRuns.Monday);
        var datums = new List<Crema.Client.Contracts.MetricDatumDto>();
        for (var t = TestRuns.Monday; t < end;)
        {
            // Irregular steps, including ones that end exactly on and just off interval boundaries.
            t += TimeSpan.FromMilliseconds(rng.Next(1, 900_000));
            if (t > end) t = end;
            foreach (var s in sliced) s.AdvanceTo(t, datums);
        }

        Assert.Equal(TestRuns.FingerprintByShop(oneStep.Datums), TestRuns.FingerprintByShop(datums));
        for (var i = 0; i < shops.Count; i++)
            Assert.Equal(oneStep.Shops[i].EventLog(), sliced[i].EventLog());
    }
}
