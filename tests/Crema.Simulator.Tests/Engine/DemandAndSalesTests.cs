using Crema.Simulator.Engine;
using Crema.Simulator.Metrics;

namespace Crema.Simulator.Tests.Engine;

public class DemandAndSalesTests
{
    private static readonly SimulatorOptions Options = new() { Seed = 3, KeepEventLog = true };

    // Monday to Sunday: five weekdays and a weekend.
    private static readonly Lazy<TestRuns> Week = new(() => TestRuns.Run(Options, TestRuns.Monday, TestRuns.Monday.AddDays(7)));

    [Fact]
    public void More_customers_arrive_around_eight_than_around_three_in_the_afternoon()
    {
        foreach (var shop in Week.Value.Shops)
        {
            var morning = 0;
            var afternoon = 0;
            foreach (var e in shop.EventLog())
            {
                if (e.Kind != ShopLogKind.Arrival || e.Time.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
                var tod = e.Time.TimeOfDay;
                if (tod >= new TimeSpan(7, 30, 0) && tod < new TimeSpan(8, 30, 0)) morning++;
                if (tod >= new TimeSpan(14, 30, 0) && tod < new TimeSpan(15, 30, 0)) afternoon++;
            }
            // The demand profile's ratio is about 3.7; 2 leaves room for noise and a later opening.
            Assert.True(morning > 2 * afternoon, $"{shop.Name}: {morning} customers 07:30–08:30, {afternoon} at 14:30–15:30");
        }
    }

    [Fact]
    public void Weekend_days_have_fewer_customers_than_weekdays()
    {
        foreach (var shop in Week.Value.Shops)
        {
            var perDay = new int[7];
            foreach (var e in shop.EventLog())
                if (e.Kind == ShopLogKind.Arrival) perDay[(int)e.Time.DayOfWeek]++;
            var weekendMax = Math.Max(perDay[(int)DayOfWeek.Saturday], perDay[(int)DayOfWeek.Sunday]);
            for (var d = DayOfWeek.Monday; d <= DayOfWeek.Friday; d++)
                Assert.True(perDay[(int)d] > weekendMax, $"{shop.Name}: {d} {perDay[(int)d]} vs weekend {weekendMax}");
        }
    }

    [Fact]
    public void Nothing_is_sold_outside_opening_hours_and_zeros_are_emitted_while_open()
    {
        var run = Week.Value;
        foreach (var shop in run.Shops)
        {
            var p = shop.Profile;
            bool IsOpen(DateTimeOffset t) => t.TimeOfDay >= p.Opens.ToTimeSpan() && t.TimeOfDay < p.Closes.ToTimeSpan();
            foreach (var e in shop.EventLog())
                if (e.Kind is ShopLogKind.Sale or ShopLogKind.Arrival) Assert.True(IsOpen(e.Time), $"{shop.Name}: {e.Kind} at {e.Time}");

            var sold = run.ShopSeries(MetricNames.CoffeesSold, p.Name).ToList();
            foreach (var d in sold)
                if (d.Value > 0) Assert.True(IsOpen(d.Timestamp!.Value), $"{shop.Name}: {d.Value} sold at {d.Timestamp}");
            // One datum per 10-s interval while open, zeros included, and none at night.
            var openIntervals = (int)((p.Closes - p.Opens).TotalSeconds / 10) * 7;
            Assert.Equal(openIntervals, sold.Count);
            Assert.Contains(sold, d => d.Value == 0);
            Assert.All(sold, d => Assert.True(IsOpen(d.Timestamp!.Value)));
        }
    }

    [Fact]
    public void Revenue_equals_price_times_items_sold()
    {
        var run = Week.Value;
        var sums = run.Sums();
        foreach (var shop in run.Shops)
        {
            var log = shop.EventLog();
            var fromLog = log.Where(e => e.Kind == ShopLogKind.Sale).Sum(e => e.Price);
            var itemsFromLog = log.Count(e => e.Kind == ShopLogKind.Sale);
            var totals = shop.Totals();
            Assert.Equal(fromLog, totals.Revenue);
            Assert.Equal(itemsFromLog, totals.ItemsSold);
            Assert.True(totals.Revenue > 1000m);

            var emittedRevenue = sums[(MetricNames.Revenue, shop.Name, "")];
            Assert.Equal((double)fromLog, emittedRevenue, 6);

            // Per item: emitted count × menu price, summed, is the revenue too.
            var byItem = 0m;
            long items = 0;
            foreach (var m in shop.Profile.Menu)
            {
                var n = (long)sums[(MetricNames.CoffeesSold, shop.Name, m.Name)];
                Assert.Equal(log.Count(e => e.Kind == ShopLogKind.Sale && e.Detail == m.Name), n);
                byItem += n * m.Price;
                items += n;
            }
            Assert.Equal(fromLog, byItem);
            Assert.Equal(items, (long)sums[(MetricNames.CoffeesSold, shop.Name, "")]);
        }
    }

    [Fact]
    public void Every_customer_is_served_abandoned_or_still_waiting()
    {
        var options = new SimulatorOptions { Seed = 8, KeepEventLog = true };
        // Stop at odd times, mid-rush included, so some customers are still waiting.
        var stops = new[] { new TimeSpan(8, 3, 17), new TimeSpan(12, 41, 5), new TimeSpan(19, 0, 0), new TimeSpan(23, 0, 0) };
        var profiles = options.ResolveShops();
        var shops = profiles.Select((p, i) => new ShopSimulator(p, i, options, TestRuns.Monday)).ToArray();
        var sink = new List<Crema.Client.Contracts.MetricDatumDto>();
        var sawWaiting = false;
        foreach (var stop in stops)
        {
            foreach (var shop in shops)
            {
                shop.AdvanceTo(TestRuns.Monday + stop, sink);
                var t = shop.Totals();
                Assert.Equal(t.Arrivals, t.Served + t.Abandoned + t.Waiting);
                var log = shop.EventLog();
                Assert.Equal(t.Arrivals, log.Count(e => e.Kind == ShopLogKind.Arrival));
                Assert.Equal(t.Served, log.Count(e => e.Kind == ShopLogKind.Served));
                Assert.Equal(t.Abandoned, log.Count(e => e.Kind is ShopLogKind.Balked or ShopLogKind.Unavailable));
                Assert.Equal(t.Waiting, shop.Snapshot().Queue);
                sawWaiting |= t.Waiting > 0;
            }
        }
        Assert.True(sawWaiting, "no stop caught a customer waiting; pick other stop times");

        // The emitted counters add up to the same totals.
        foreach (var shop in shops)
        {
            var abandoned = sink.Where(d => d.MetricName == MetricNames.OrdersAbandoned && TestRuns.Dim(d, "Shop") == shop.Name).Sum(d => d.Value!.Value);
            Assert.Equal(shop.Totals().Abandoned, (long)abandoned);
            var waits = TestRuns.Expand(sink.Where(d => d.MetricName == MetricNames.OrderWait && TestRuns.Dim(d, "Shop") == shop.Name));
            Assert.Equal(shop.Totals().Served, waits.Length);
        }
    }
}
