using Crema.Client.Contracts;
using Crema.Simulator.Engine;
using Crema.Simulator.Metrics;
using Crema.Simulator.Model;

namespace Crema.Simulator.Tests.Engine;

public class StockTests
{
    [Fact]
    public void Stock_gauges_fall_by_what_was_sold_and_rise_by_what_was_delivered()
    {
        var options = new SimulatorOptions { Seed = 5, KeepEventLog = true, Shops = 2 };
        // Monday to Thursday: daily milk and two bean-and-cup deliveries.
        var run = TestRuns.Run(options, TestRuns.Monday, TestRuns.Monday.AddDays(4));
        var interval = options.EmitInterval;
        foreach (var shop in run.Shops)
        {
            var menu = shop.Profile.Menu.ToDictionary(m => m.Name);
            var log = shop.EventLog();
            foreach (var (metric, stock, use) in new (string, StockKind, Func<MenuItem, double>)[]
                     {
                         (MetricNames.StockMilkLitres, StockKind.Milk, m => m.MilkLitres),
                         (MetricNames.StockBeansKg, StockKind.Beans, m => m.BeansKg),
                         (MetricNames.StockCups, StockKind.Cups, _ => 1),
                     })
            {
                var gauge = run.ShopSeries(metric, shop.Name).ToList();
                var rises = 0;
                var falls = 0;
                var k = 0;
                for (var i = 1; i < gauge.Count; i++)
                {
                    var from = gauge[i].Timestamp!.Value;
                    // Events in [from, from + interval) are reflected in the gauge stamped 'from'.
                    while (k < log.Length && log[k].Time < from) k++;
                    var used = 0.0;
                    var delivered = 0.0;
                    for (var j = k; j < log.Length && log[j].Time < from + interval; j++)
                    {
                        if (log[j].Kind == ShopLogKind.Sale) used += use(menu[log[j].Detail!]);
                        if (log[j].Kind == ShopLogKind.Delivery && log[j].Detail == stock.ToString()) delivered += log[j].Amount;
                    }
                    var expected = gauge[i - 1].Value!.Value - used + delivered;
                    Assert.Equal(expected, gauge[i].Value!.Value, 0.0011);
                    if (delivered > 0) rises++;
                    if (used > 0) falls++;
                }
                Assert.True(rises >= (stock == StockKind.Milk ? 4 : 2), $"{shop.Name} {stock}: {rises} deliveries");
                Assert.True(falls > 500, $"{shop.Name} {stock}: {falls} intervals with sales");
            }
        }
    }

    [Fact]
    public void Without_milk_only_milk_drinks_are_lost()
    {
        var profile = ShopProfile.CreateDefault(0) with { InitialMilkLitres = 3, Deliveries = [] };
        var options = new SimulatorOptions { Seed = 9, KeepEventLog = true, ShopProfiles = [profile] };
        var run = TestRuns.Run(options, TestRuns.Monday, TestRuns.Monday.AddDays(1));
        var shop = run.Shops[0];
        var log = shop.EventLog();
        var menu = profile.Menu.ToDictionary(m => m.Name);

        var lost = log.Where(e => e.Kind == ShopLogKind.LostSale).ToList();
        Assert.True(lost.Count > 100, $"{lost.Count} lost");
        Assert.All(lost, e => Assert.True(menu[e.Detail!].MilkLitres > 0, e.Detail));
        var firstLoss = lost[0].Time;
        var salesAfter = log.Where(e => e.Kind == ShopLogKind.Sale && e.Time > firstLoss).ToList();
        Assert.NotEmpty(salesAfter);
        Assert.Contains(salesAfter, e => e.Detail == "Espresso");
        // Milk is conserved: the sales used what there was, and what is left is too little for a latte.
        var used = log.Where(e => e.Kind == ShopLogKind.Sale).Sum(e => menu[e.Detail!].MilkLitres);
        Assert.InRange(used, 3 - 0.25, 3 + 1e-9);
        Assert.Equal(3 - used, shop.Snapshot().StockMilkLitres, 1e-9);

        Assert.Equal(lost.Count, (int)run.ShopSeries(MetricNames.LostSales, "Central").Sum(d => d.Value!.Value));
        Assert.Equal(lost.Count, shop.Totals().LostSales);
        Assert.True(shop.Totals().Unavailable > 0);
    }

    [Fact]
    public void Deliveries_beyond_capacity_are_refused()
    {
        var profile = ShopProfile.CreateDefault(0) with
        {
            MilkCapacityLitres = 50,
            InitialMilkLitres = 45,
            Deliveries = [new DeliverySchedule(StockKind.Milk, new TimeOnly(5, 0), null, 30, 0, TimeSpan.Zero)],
        };
        var shop = new ShopSimulator(profile, 0, new SimulatorOptions { KeepEventLog = true }, TestRuns.Monday);
        shop.AdvanceTo(TestRuns.Monday.AddHours(6), new List<MetricDatumDto>());
        Assert.Equal(50, shop.Snapshot().StockMilkLitres);
        var delivery = Assert.Single(shop.EventLog(), e => e.Kind == ShopLogKind.Delivery);
        Assert.Equal(5, delivery.Amount);
        Assert.InRange(delivery.Time, TestRuns.Monday.AddHours(5), TestRuns.Monday.AddHours(5).AddMinutes(15));
    }
}
