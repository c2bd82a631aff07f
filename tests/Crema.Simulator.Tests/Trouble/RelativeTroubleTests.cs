using Crema.Simulator.Engine;
using Crema.Simulator.Metrics;
using Crema.Simulator.Model;
using Crema.Simulator.Timing;
using Crema.Simulator.Trouble;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Simulator.Tests.Trouble;

/// <summary>Trouble relative to the catch-up: parsed, resolved against the moment the simulated clock meets the wall clock, and really felt.</summary>
public class RelativeTroubleTests
{
    // A Tuesday, 10:00 local at UTC+1 (09:00 UTC).
    private static readonly DateTimeOffset Now = TestRuns.Monday.AddDays(1).AddHours(9);
    private static readonly TimeSpan Offset = TimeSpan.FromHours(1);

    [Fact]
    public void Relative_and_clock_forms_parse_next_to_the_old_ones()
    {
        Assert.True(ShopTrouble.TryParseList("barista:Harbour@+2m+20m, late:Station:milk@+1m+30m, late:Central:beans@08:00+90m, barista:Harbour@08:00+60m, late:Station:milk+2h",
            out var list, out var error), error);
        Assert.Equal(
        [
            ShopTrouble.CounterUnstaffedAfterCatchUp("Harbour", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(20)),
            ShopTrouble.DeliveryAfterCatchUp("Station", StockKind.Milk, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30)),
            new ShopTrouble(TroubleKind.LateDelivery, "Central", new TimeOnly(8, 0), TimeSpan.FromMinutes(90), StockKind.Beans) { ArrivesAtEnd = true },
            ShopTrouble.BaristaGoesHome("Harbour", new TimeOnly(8, 0), TimeSpan.FromHours(1)),
            ShopTrouble.LateDelivery("Station", StockKind.Milk, TimeSpan.FromHours(2)),
        ], list);
        Assert.Equal("nobody serves at Harbour from 2 min after the catch-up, for 20 min", list[0].Describe());
        Assert.Equal("the milk van for Station arrives 31 min after the catch-up", list[1].Describe());

        Assert.False(ShopTrouble.TryParseList("barista:Harbour@+2x+20m", out _, out error));
        Assert.Contains("@08:00, @+2m", error, StringComparison.Ordinal);
        Assert.False(ShopTrouble.TryParseList("late:Station:milk@+1m", out _, out error));
        Assert.Contains("the start after @", error, StringComparison.Ordinal);
        Assert.False(ShopTrouble.TryParseList("late:Station:milk@+1m+", out _, out error));
        Assert.Contains("needs +DURATION", error, StringComparison.Ordinal);

        // Unresolved relative trouble never reaches the shops.
        var errors = new SimulatorOptions { Troubles = [list[0]] }.Validate();
        Assert.Contains(errors, e => e.Contains("must be resolved with TroublePlan.Resolve", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(120, 225)]
    [InlineData(60, 600)]
    [InlineData(7.5, 90)]
    [InlineData(1, 90)]
    public void The_foreseen_catch_up_is_the_clocks_own(double acceleration, int lookbackMinutes)
    {
        var lookback = TimeSpan.FromMinutes(lookbackMinutes);
        var clock = new SimulationClock(Now, Now - lookback, acceleration, TimeSpan.Zero);
        var foreseen = TroublePlan.CatchUpAt(Now, lookback, acceleration);
        if (clock.CatchUpWallTime is { } at)
        {
            Assert.InRange((foreseen - at).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
            Assert.Equal(at, clock.SimTimeAt(at));
        }
        else
        {
            Assert.Equal(Now, foreseen);
        }
    }

    [Fact]
    public void A_relative_late_van_arrives_at_its_clock_time_and_the_milk_runs_out_before()
    {
        var catchUp = TroublePlan.CatchUpAt(Now, TimeSpan.FromMinutes(225), 120);
        var shops = ShopProfile.CreateDefaults(3);
        var plan = TroublePlan.Resolve([ShopTrouble.DeliveryAfterCatchUp("Station", StockKind.Milk, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30))], catchUp, Offset, shops);
        Assert.Empty(plan.Live);
        var late = Assert.Single(plan.Daily);
        Assert.Null(late.AfterCatchUp);

        // The shops apply it as a daily delay: the van comes exactly at catch-up + 31 min, and not before.
        var options = new SimulatorOptions { Seed = 42, KeepEventLog = true, UtcOffset = Offset, Troubles = plan.Daily };
        var run = TestRuns.Run(options, Now - TimeSpan.FromMinutes(225), catchUp.AddMinutes(40), TimeSpan.FromMinutes(5));
        var vans = run.Shops[1].EventLog().Where(e => e.Kind == ShopLogKind.Delivery && e.Detail == nameof(StockKind.Milk)).Select(e => e.Time).ToList();
        Assert.Equal([catchUp.AddMinutes(31)], vans);

        // Without a morning van Station runs dry before the catch-up: the demo's "milk low" (under 3 l) has its data.
        var milk = run.ShopSeries(MetricNames.StockMilkLitres, "Station").ToList();
        // (A gauge stamped t is read at t + 10 s.)
        Assert.All(milk.Where(d => d.Timestamp >= catchUp.AddMinutes(-5) && d.Timestamp < catchUp.AddMinutes(31).AddSeconds(-10)), d => Assert.True(d.Value < 3, $"{d.Timestamp:HH:mm} {d.Value}"));
        Assert.All(milk.Where(d => d.Timestamp >= catchUp.AddMinutes(32)), d => Assert.True(d.Value > 30, $"{d.Timestamp:HH:mm} {d.Value}"));
    }

    [Theory]
    [InlineData(42)]
    [InlineData(5)]
    public async Task A_counter_outage_empties_the_counter_then_the_queued_customers_wait_long(int seed)
    {
        var time = new FakeTimeProvider(Now);
        var lookback = TimeSpan.FromMinutes(225);
        var catchUp = TroublePlan.CatchUpAt(Now, lookback, 120);
        var plan = TroublePlan.Resolve([ShopTrouble.CounterUnstaffedAfterCatchUp("Harbour", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(20))], catchUp, Offset,
            ShopProfile.CreateDefaults(3));
        var outage = Assert.Single(plan.Live);
        Assert.Equal((catchUp.AddMinutes(2), catchUp.AddMinutes(22)), (outage.From, outage.To));

        var sink = new InMemoryMetricSink();
        var options = new SimulatorOptions { Seed = seed, Lookback = lookback, Acceleration = 120, UtcOffset = Offset, FlushInterval = TimeSpan.Zero, Troubles = plan.Daily };
        using var sim = new CoffeeShopSimulation(options, sink, time);
        using var live = new LiveTrouble(sim, plan.Live);
        var end = catchUp.AddMinutes(45);
        while (sim.SimulatedNow < end)
        {
            time.Advance(sim.Clock.IsCatchingUp(time.GetUtcNow()) ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10));
            await sim.TickAsync();
        }

        var datums = sink.Datums();
        IEnumerable<Client.Contracts.MetricDatumDto> Harbour(string metric, DateTimeOffset from, DateTimeOffset to) => datums.Where(d =>
            d.MetricName == metric && d.Dimensions!.Count == 1 && TestRuns.Dim(d, "Shop") == "Harbour" && d.Timestamp >= from && d.Timestamp < to);

        // Nobody on shift during the outage (a step later at most), the schedule's one barista before and after.
        // (A gauge stamped t is read at t + 10 s.)
        Assert.All(Harbour(MetricNames.BaristasOnShift, outage.From.AddSeconds(20), outage.To.AddSeconds(-10)), d => Assert.Equal(0, d.Value));
        Assert.All(Harbour(MetricNames.BaristasOnShift, catchUp, outage.From.AddSeconds(-10)), d => Assert.Equal(1, d.Value));
        Assert.All(Harbour(MetricNames.BaristasOnShift, outage.To.AddSeconds(20), end), d => Assert.Equal(1, d.Value));
        Assert.Empty(TestRuns.Expand(Harbour(MetricNames.OrderWait, outage.From.AddMinutes(3), outage.To)));

        // The customers served after it waited well over the demo's 480 s threshold; later ones a normal while.
        var after = TestRuns.Expand(Harbour(MetricNames.OrderWait, outage.To, outage.To.AddMinutes(8)));
        Assert.True(after.Length > 0 && after[^1] > 480, $"seed {seed}: waits after the outage [{string.Join(", ", after.Select(v => v.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}]");
        var later = TestRuns.Expand(Harbour(MetricNames.OrderWait, outage.To.AddMinutes(15), end));
        Assert.All(later, v => Assert.True(v < 480, $"seed {seed}: {v:F0} s a quarter hour after the outage"));
        Assert.Equal(0, live.Active);
        Assert.False(sim.Snapshot()[2].BaristasOverridden);
    }
}
