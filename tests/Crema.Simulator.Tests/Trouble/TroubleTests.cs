using Crema.Simulator.Engine;
using Crema.Simulator.Metrics;
using Crema.Simulator.Model;
using Crema.Simulator.Trouble;

namespace Crema.Simulator.Tests.Trouble;

/// <summary>Injected trouble really hurts: waits rise while a barista is away and recover after; a late milk van empties the fridge.</summary>
public class TroubleTests
{
    // Tuesday to Thursday of the test week; the trouble is daily, so every day is compared.
    private static readonly DateTimeOffset Start = TestRuns.Monday.AddDays(1);
    private static readonly DateTimeOffset End = TestRuns.Monday.AddDays(4);
    private static readonly TimeOnly LeavesAt = new(8, 0);
    private static readonly TimeSpan Away = TimeSpan.FromMinutes(60);

    [Theory]
    [InlineData(42)]
    [InlineData(3)]
    public void Waits_rise_while_a_barista_is_away_in_the_rush_and_recover_after(int seed)
    {
        var calm = TestRuns.Run(new SimulatorOptions { Seed = seed }, Start, End, TimeSpan.FromMinutes(7));
        var trouble = TestRuns.Run(new SimulatorOptions { Seed = seed, Troubles = [ShopTrouble.BaristaGoesHome("Harbour", LeavesAt, Away)] },
            Start, End, TimeSpan.FromMinutes(7));

        for (var day = Start; day < End; day = day.AddDays(1))
        {
            var from = day + LeavesAt.ToTimeSpan();
            var to = from + Away;
            // Staffing: Harbour's rush has 2 baristas; one goes home, the other stays. (The gauge stamped t is sampled at t + 10 s.)
            Assert.All(Window(trouble, MetricNames.BaristasOnShift, from, to.AddSeconds(-10)), d => Assert.Equal(1, d.Value));
            Assert.All(Window(calm, MetricNames.BaristasOnShift, from, to), d => Assert.Equal(2, d.Value));

            // The second half of the absence (the queue has built up): the typical wait is clearly longer.
            var during = TestRuns.Expand(Window(trouble, MetricNames.OrderWait, from + Away / 2, to));
            var normal = TestRuns.Expand(Window(calm, MetricNames.OrderWait, from + Away / 2, to));
            Assert.True(TestRuns.Percentile(during, 90) > 1.5 * TestRuns.Percentile(normal, 90),
                $"{day:ddd} seed {seed}: p90 {TestRuns.Percentile(during, 90):F0} s with trouble vs {TestRuns.Percentile(normal, 90):F0} s without");

            // An hour after the barista is back the queue is gone: waits are those of a calm day again.
            var after = TestRuns.Expand(Window(trouble, MetricNames.OrderWait, to + TimeSpan.FromHours(1), to + TimeSpan.FromHours(3)));
            var afterCalm = TestRuns.Expand(Window(calm, MetricNames.OrderWait, to + TimeSpan.FromHours(1), to + TimeSpan.FromHours(3)));
            Assert.InRange(TestRuns.Percentile(after, 90), 0.8 * TestRuns.Percentile(afterCalm, 90), 1.25 * TestRuns.Percentile(afterCalm, 90));
        }

        // The other shops did not notice.
        Assert.Equal(Other(calm), Other(trouble));
    }

    [Fact]
    public void A_milk_delivery_two_hours_late_runs_the_milk_out_and_loses_milk_drinks()
    {
        var late = TimeSpan.FromHours(2);
        var calm = TestRuns.Run(new SimulatorOptions { Seed = 42, KeepEventLog = true }, Start, End);
        var trouble = TestRuns.Run(new SimulatorOptions { Seed = 42, KeepEventLog = true, Troubles = [ShopTrouble.LateDelivery("Station", StockKind.Milk, late)] },
            Start, End);
        var station = trouble.Shops[1];
        var due = station.Profile.Deliveries.Single(d => d.Stock == StockKind.Milk).At.ToTimeSpan();

        // The van comes exactly two hours after 06:30, every day.
        var deliveries = station.EventLog().Where(e => e.Kind == ShopLogKind.Delivery && e.Detail == nameof(StockKind.Milk)).Select(e => e.Time).ToList();
        Assert.Equal(Enumerable.Range(1, 3).Select(d => TestRuns.Monday.AddDays(d) + due + late), deliveries);

        var emptyDays = 0;
        for (var day = Start; day < End; day = day.AddDays(1))
        {
            var before = day + due + late;
            var lowest = Window(trouble, MetricNames.StockMilkLitres, day, before).Min(d => d.Value!.Value);
            var lowestCalm = Window(calm, MetricNames.StockMilkLitres, day + due + TimeSpan.FromMinutes(15), before).Min(d => d.Value!.Value);
            Assert.True(lowestCalm > 10, $"{day:ddd}: milk fell to {lowestCalm:F1} l on a calm morning");
            if (lowest < 0.5) emptyDays++;
        }
        Assert.True(emptyDays >= 2, $"the milk ran out on {emptyDays} of 3 mornings");
        // Drinks lost for want of milk while waiting for the van (Amount 1 = no milk).
        bool Waiting(ShopLogEntry e) => e.Kind == ShopLogKind.LostSale && e.Amount == 1 && (e.Time - e.Time.Date) >= due && (e.Time - e.Time.Date) < due + late;
        var lostForMilk = station.EventLog().Count(Waiting);
        var lostForMilkCalm = calm.Shops[1].EventLog().Count(Waiting);
        Assert.True(lostForMilk > 20 && lostForMilkCalm == 0, $"lost for milk: {lostForMilk} with trouble, {lostForMilkCalm} without");
    }

    [Fact]
    public void The_same_seed_and_trouble_give_the_same_metrics()
    {
        var options = new SimulatorOptions
        {
            Seed = 11,
            Troubles = [ShopTrouble.BaristaGoesHome("Central", new TimeOnly(7, 45), TimeSpan.FromMinutes(30)), ShopTrouble.LateDelivery("Station", StockKind.Milk, TimeSpan.FromHours(3))],
        };
        var a = TestRuns.Run(options, Start, Start.AddDays(1), TimeSpan.FromMinutes(13));
        var b = TestRuns.Run(options, Start, Start.AddDays(1), TimeSpan.FromHours(2));
        // Different step sizes interleave the shops differently, so compare each shop's stream.
        Assert.Equal(TestRuns.FingerprintByShop(a.Datums), TestRuns.FingerprintByShop(b.Datums));
        var calm = TestRuns.Run(options with { Troubles = [] }, Start, Start.AddDays(1), TimeSpan.FromMinutes(13));
        Assert.NotEqual(TestRuns.FingerprintByShop(a.Datums), TestRuns.FingerprintByShop(calm.Datums));
    }

    [Fact]
    public void Trouble_lists_parse_and_unknown_shops_are_refused()
    {
        Assert.True(ShopTrouble.TryParseList("barista:Harbour@08:00+60m, late:Station:milk+2h", out var list, out var error), error);
        Assert.Equal([ShopTrouble.BaristaGoesHome("Harbour", new TimeOnly(8, 0), TimeSpan.FromHours(1)), ShopTrouble.LateDelivery("Station", StockKind.Milk, TimeSpan.FromHours(2))], list);
        Assert.True(ShopTrouble.TryParseList("none", out list, out _));
        Assert.Empty(list);
        Assert.False(ShopTrouble.TryParseList("barista:Harbour+60m", out _, out error));
        Assert.Contains("barista:SHOP@HH:MM", error, StringComparison.Ordinal);
        Assert.False(ShopTrouble.TryParseList("late:Station:cream+1h", out _, out _));

        var errors = new SimulatorOptions { Shops = 2, Troubles = [ShopTrouble.BaristaGoesHome("Harbour", new TimeOnly(8, 0), TimeSpan.FromHours(1))] }.Validate();
        Assert.Contains(errors, e => e.Contains("'Harbour' is not one of the simulated shops", StringComparison.Ordinal));
        errors = new SimulatorOptions { Troubles = [ShopTrouble.BaristaGoesHome("Central", new TimeOnly(23, 0), TimeSpan.FromHours(2))] }.Validate();
        Assert.Contains(errors, e => e.Contains("end by midnight", StringComparison.Ordinal));
    }

    // Barista trouble is tested at Harbour, milk trouble at Station.
    private static IEnumerable<Client.Contracts.MetricDatumDto> Window(TestRuns run, string metric, DateTimeOffset from, DateTimeOffset to)
        => run.ShopSeries(metric, metric == MetricNames.StockMilkLitres ? "Station" : "Harbour").Where(d => d.Timestamp >= from && d.Timestamp < to);

    private static string Other(TestRuns run) => TestRuns.Fingerprint(run.Datums.Where(d => TestRuns.Dim(d, MetricNames.ShopDimension) != "Harbour"));
}
