using Crema.Client.Contracts;
using Crema.Simulator.Engine;
using Crema.Simulator.Metrics;
using Crema.Simulator.Model;

namespace Crema.Simulator.Tests.Engine;

public class StaffingTests
{
    private static readonly SimulatorOptions CentralOnly = new()
    {
        Seed = 21,
        KeepEventLog = true,
        ShopProfiles = [ShopProfile.CreateDefault(0)],
    };

    private static double RushP90(TestRuns run)
    {
        var from = TestRuns.Monday.AddHours(7.5);
        var to = TestRuns.Monday.AddHours(10);
        var waits = TestRuns.Expand(run.ShopSeries(MetricNames.OrderWait, "Central")
            .Where(d => d.Timestamp >= from && d.Timestamp < to));
        Assert.True(waits.Length > 50, $"only {waits.Length} orders in the rush");
        return TestRuns.Percentile(waits, 90);
    }

    [Fact]
    public void Waits_grow_when_the_rush_is_served_by_one_barista()
    {
        var end = TestRuns.Monday.AddHours(11);
        var normal = TestRuns.Run(CentralOnly, TestRuns.Monday, end, TimeSpan.FromMinutes(30));
        var reduced = TestRuns.Run(CentralOnly, TestRuns.Monday, end, TimeSpan.FromMinutes(30), (shops, t) =>
        {
            if (t == TestRuns.Monday.AddHours(7.5)) shops[0].SetBaristas(1);
        });

        var p90Normal = RushP90(normal);
        var p90Reduced = RushP90(reduced);
        Assert.True(p90Reduced > 1.5 * p90Normal, $"p90 {p90Reduced:F0} s with one barista vs {p90Normal:F0} s as scheduled");

        // The staffing gauge shows the change, and more customers walk away.
        var staffed = reduced.ShopSeries(MetricNames.BaristasOnShift, "Central")
            .Where(d => d.Timestamp >= TestRuns.Monday.AddHours(7.5) && d.Timestamp < TestRuns.Monday.AddHours(10)).ToList();
        Assert.All(staffed, d => Assert.Equal(1, d.Value));
        Assert.True(reduced.Shops[0].Totals().Abandoned > normal.Shops[0].Totals().Abandoned);
        // Same customers in both runs: staffing does not touch the arrival stream.
        Assert.Equal(normal.Shops[0].Totals().Arrivals, reduced.Shops[0].Totals().Arrivals);
    }

    [Fact]
    public void SetBaristas_takes_effect_at_once_and_lasts_until_closing()
    {
        var shop = new ShopSimulator(ShopProfile.CreateDefault(0), 0, CentralOnly, TestRuns.Monday);
        var datums = new List<MetricDatumDto>();
        shop.AdvanceTo(TestRuns.Monday.AddHours(10), datums);
        Assert.Equal(2, shop.Snapshot().Baristas);

        shop.SetBaristas(5);
        var snap = shop.Snapshot();
        Assert.Equal(5, snap.Baristas);
        Assert.True(snap.BaristasOverridden);
        shop.AdvanceTo(TestRuns.Monday.AddHours(10).AddSeconds(10), datums);
        Assert.Equal(5, datums.Last(d => d.MetricName == MetricNames.BaristasOnShift).Value);

        // The rush schedule would say 3 at noon; the override holds.
        shop.AdvanceTo(TestRuns.Monday.AddHours(12), datums);
        Assert.Equal(5, shop.Snapshot().Baristas);

        // After closing, the next day follows the schedule again.
        shop.AdvanceTo(TestRuns.Monday.AddDays(1).AddHours(10), datums);
        Assert.Equal(2, shop.Snapshot().Baristas);
        Assert.False(shop.Snapshot().BaristasOverridden);

        shop.SetBaristas(4);
        shop.ResetBaristas();
        Assert.Equal(2, shop.Snapshot().Baristas);
    }

    [Fact]
    public void No_orders_are_finished_without_baristas_and_new_ones_start_on_the_queue_at_once()
    {
        var shop = new ShopSimulator(ShopProfile.CreateDefault(0), 0, CentralOnly, TestRuns.Monday);
        var datums = new List<MetricDatumDto>();
        var stop = TestRuns.Monday.AddHours(8);
        shop.AdvanceTo(stop, datums);
        shop.SetBaristas(0);
        shop.AdvanceTo(stop.AddMinutes(20), datums);

        // Orders in the making finish (no drink takes 10 minutes); after that nobody is served.
        var log = shop.EventLog();
        Assert.DoesNotContain(log, e => e.Kind == ShopLogKind.Served && e.Time >= stop.AddMinutes(10));
        var queued = shop.Snapshot().Queue;
        Assert.True(queued >= 5, $"queue {queued}");

        shop.SetBaristas(4);
        shop.AdvanceTo(stop.AddMinutes(25), datums);
        var served = shop.EventLog().Count(e => e.Kind == ShopLogKind.Served && e.Time >= stop.AddMinutes(20));
        Assert.True(served >= 4, $"{served} served in the 5 minutes after four baristas came");
    }

    [Fact]
    public async Task SetBaristas_from_another_thread_is_safe_while_the_shop_advances()
    {
        var shop = new ShopSimulator(ShopProfile.CreateDefault(0), 0, CentralOnly, TestRuns.Monday);
        var datums = new List<MetricDatumDto>();
        using var stop = new CancellationTokenSource();
        var scaler = Task.Run(() =>
        {
            var rng = new Random(1);
            while (!stop.IsCancellationRequested)
            {
                shop.SetBaristas(rng.Next(1, 5));
                _ = shop.Snapshot();
            }
        });
        for (var t = TestRuns.Monday; t < TestRuns.Monday.AddHours(18); t = t.AddSeconds(37)) shop.AdvanceTo(t, datums);
        stop.Cancel();
        await scaler;

        var totals = shop.Totals();
        Assert.Equal(totals.Arrivals, totals.Served + totals.Abandoned + totals.Waiting);
        shop.SetBaristas(4);
        Assert.Equal(4, shop.Snapshot().Baristas);
    }

    [Fact]
    public void Recent_p90_matches_a_naive_percentile_of_the_log()
    {
        var shop = new ShopSimulator(ShopProfile.CreateDefault(1), 1, CentralOnly with { ShopProfiles = null, Shops = 2 }, TestRuns.Monday);
        var datums = new List<MetricDatumDto>();
        foreach (var at in new[] { new TimeSpan(8, 7, 3), new TimeSpan(12, 59, 59), new TimeSpan(16, 0, 10) })
        {
            var now = TestRuns.Monday + at;
            shop.AdvanceTo(now, datums);
            var waits = shop.EventLog()
                .Where(e => e.Kind == ShopLogKind.Served && e.Time >= now.AddMinutes(-15))
                .Select(e => e.Amount).Order().ToArray();
            Assert.NotEmpty(waits);
            Assert.Equal(TestRuns.Percentile(waits, 90), shop.Snapshot().WaitP90Last15MinSeconds);
        }
        shop.AdvanceTo(TestRuns.Monday.AddHours(23), datums);
        Assert.Null(shop.Snapshot().WaitP90Last15MinSeconds);
    }
}
