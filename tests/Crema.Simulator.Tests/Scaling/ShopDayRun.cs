using Crema.Client.Contracts;
using Crema.Core.Scaling;
using Crema.Simulator.Engine;
using Crema.Simulator.Model;
using Crema.Simulator.Scaling;

namespace Crema.Simulator.Tests.Scaling;

/// <summary>One shop day run minute by minute in simulated time, with fixed staff or under a scaling controller.</summary>
internal sealed record ShopDayRun(string Name, double DayP90Seconds, double BaristaHours, long Arrivals, long Served, long Abandoned, IReadOnlyList<ScalingActivity> Activities)
{
    public static readonly DateTimeOffset Monday = TestRuns.Monday;

    /// <summary>Runs 00:00 to 20:00 local (UTC here); staffing counted over the opening hours, serving and warming-up alike.</summary>
    public static ShopDayRun Run(string name, ShopProfile profile, int seed, Func<ShopSimulator, ShopScalingController?> control, int? fixedStaff = null)
    {
        var options = new SimulatorOptions { Seed = seed, ShopProfiles = [profile] };
        var shop = new ShopSimulator(profile, 0, options, Monday);
        if (fixedStaff is { } n) shop.SetBaristas(n);
        var controller = control(shop);
        var datums = new List<MetricDatumDto>();
        var all = new List<MetricDatumDto>();
        var opens = Monday + profile.Opens.ToTimeSpan();
        var closes = Monday + profile.Closes.ToTimeSpan();
        var staffMinutes = 0.0;
        for (var t = Monday.AddMinutes(1); t <= Monday.AddHours(20); t = t.AddMinutes(1))
        {
            var staffing = shop.Staffing();
            // The minute that just starts is paid for everyone on shift, serving or warming up.
            if (t > opens && t <= closes) staffMinutes += staffing.Serving + staffing.WarmingUp;
            datums.Clear();
            shop.AdvanceTo(t, datums);
            all.AddRange(datums);
            controller?.OnPeriodClosed(t, datums);
        }
        var waits = new List<double>();
        WaitPercentile.Collect(all, profile.Name, Monday, Monday.AddDays(1), waits);
        var totals = shop.Totals();
        return new ShopDayRun(name, WaitPercentile.Of(waits, 90) ?? 0, staffMinutes / 60, totals.Arrivals, totals.Served, totals.Abandoned, controller?.History ?? []);
    }

    public override string ToString()
        => $"{Name,-22} p90 wait {DayP90Seconds,6:F0} s   barista-hours {BaristaHours,6:F1}   served {Served,5}   walked away {Abandoned,4}";
}
