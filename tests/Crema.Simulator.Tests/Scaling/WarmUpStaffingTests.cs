using Crema.Client.Contracts;
using Crema.Simulator.Engine;
using Crema.Simulator.Model;

namespace Crema.Simulator.Tests.Scaling;

public class WarmUpStaffingTests
{
    private static readonly SimulatorOptions Options = new() { Seed = 5, KeepEventLog = true, ShopProfiles = [ShopProfile.CreateDefault(0)] };

    private static ShopSimulator ShopAt(TimeSpan timeOfDay, List<MetricDatumDto> datums)
    {
        var shop = new ShopSimulator(ShopProfile.CreateDefault(0), 0, Options, TestRuns.Monday);
        shop.AdvanceTo(TestRuns.Monday + timeOfDay, datums);
        return shop;
    }

    [Fact]
    public void New_baristas_serve_only_after_the_warm_up()
    {
        var datums = new List<MetricDatumDto>();
        var start = TestRuns.Monday.AddHours(10);
        var shop = ShopAt(start.TimeOfDay, datums);
        Assert.Equal(new ShopStaffing(2, 0, null), shop.Staffing());

        shop.SetBaristas(5, TimeSpan.FromMinutes(3));
        Assert.Equal(new ShopStaffing(2, 3, 5), shop.Staffing());
        shop.AdvanceTo(start.AddMinutes(3).AddTicks(-1), datums);
        Assert.Equal(new ShopStaffing(2, 3, 5), shop.Staffing());
        shop.AdvanceTo(start.AddMinutes(3), datums);
        Assert.Equal(new ShopStaffing(5, 0, 5), shop.Staffing());
        Assert.Equal(5, shop.Snapshot().Baristas);
    }

    [Fact]
    public void A_queue_waits_for_warming_baristas_and_is_served_once_they_start()
    {
        var datums = new List<MetricDatumDto>();
        var stop = TestRuns.Monday.AddHours(8);
        var shop = ShopAt(stop.TimeOfDay, datums);
        shop.SetBaristas(0);
        shop.AdvanceTo(stop.AddMinutes(10), datums);
        var queued = shop.Snapshot().Queue;
        Assert.True(queued >= 5, $"queue {queued}");

        shop.SetBaristas(4, TimeSpan.FromMinutes(4));
        shop.AdvanceTo(stop.AddMinutes(14).AddTicks(-1), datums);
        Assert.DoesNotContain(shop.EventLog(), e => e.Kind == ShopLogKind.Served && e.Time >= stop.AddMinutes(10));
        shop.AdvanceTo(stop.AddMinutes(18), datums);
        var served = shop.EventLog().Count(e => e.Kind == ShopLogKind.Served && e.Time >= stop.AddMinutes(14));
        Assert.True(served >= 4, $"{served} served in the 4 minutes after the baristas started");
    }

    [Fact]
    public void Fewer_baristas_first_call_off_those_still_on_their_way()
    {
        var datums = new List<MetricDatumDto>();
        var start = TestRuns.Monday.AddHours(10);
        var shop = ShopAt(start.TimeOfDay, datums);
        shop.SetBaristas(6, TimeSpan.FromMinutes(3));
        shop.AdvanceTo(start.AddMinutes(1), datums);
        shop.SetBaristas(3, TimeSpan.FromMinutes(3));
        Assert.Equal(new ShopStaffing(2, 1, 3), shop.Staffing());
        // The one still coming keeps the start time of the first call.
        shop.AdvanceTo(start.AddMinutes(3), datums);
        Assert.Equal(new ShopStaffing(3, 0, 3), shop.Staffing());

        shop.SetBaristas(1, TimeSpan.FromMinutes(3));
        Assert.Equal(new ShopStaffing(1, 0, 1), shop.Staffing());
    }

    [Fact]
    public void A_zero_warm_up_behaves_exactly_like_SetBaristas()
    {
        static string Run(Action<ShopSimulator> set)
        {
            var datums = new List<MetricDatumDto>();
            var shop = new ShopSimulator(ShopProfile.CreateDefault(0), 0, Options, TestRuns.Monday);
            shop.AdvanceTo(TestRuns.Monday.AddHours(9), datums);
            set(shop);
            shop.AdvanceTo(TestRuns.Monday.AddHours(20), datums);
            return TestRuns.Fingerprint(datums);
        }
        Assert.Equal(Run(s => s.SetBaristas(4)), Run(s => s.SetBaristas(4, TimeSpan.Zero)));
        Assert.NotEqual(Run(s => s.SetBaristas(4)), Run(s => s.SetBaristas(4, TimeSpan.FromMinutes(5))));
    }

    [Fact]
    public void Closing_ends_the_runtime_staffing_including_baristas_on_their_way()
    {
        var datums = new List<MetricDatumDto>();
        var shop = ShopAt(new TimeSpan(18, 58, 0), datums);
        shop.SetBaristas(6, TimeSpan.FromMinutes(5));
        shop.AdvanceTo(TestRuns.Monday.AddDays(1).AddHours(10), datums);
        Assert.Equal(new ShopStaffing(2, 0, null), shop.Staffing());
    }
}
