using Crema.Simulator.Model;

namespace Crema.Simulator.Trouble;

/// <summary>
/// Troubles made ready for a run: the daily ones the shops apply themselves (<see cref="SimulatorOptions.Troubles"/>),
/// and the counter outages <see cref="LiveTrouble"/> causes while the simulation runs.
/// </summary>
/// <remarks>
/// Relative trouble exists because alarms judge the present: trouble at clock times that fall inside the accelerated
/// catch-up is over before any alarm looks. A relative late delivery becomes a daily delay that brings the van at
/// that clock time (the shops only know daily delays); a relative barista trouble becomes an outage at that instant.
/// </remarks>
public sealed record TroublePlan(IReadOnlyList<ShopTrouble> Daily, IReadOnlyList<CounterOutage> Live)
{
    /// <summary>
    /// When a simulation started at <paramref name="wallNow"/> with <paramref name="lookback"/> and
    /// <paramref name="acceleration"/> catches up with the wall clock (then simulated time equals wall time):
    /// <paramref name="wallNow"/> + lookback / (acceleration − 1); <paramref name="wallNow"/> when there is nothing to catch up.
    /// </summary>
    public static DateTimeOffset CatchUpAt(DateTimeOffset wallNow, TimeSpan lookback, double acceleration) =>
        lookback <= TimeSpan.Zero || acceleration <= 1 ? wallNow : wallNow + TimeSpan.FromTicks((long)Math.Ceiling(lookback.Ticks / (acceleration - 1)));

    /// <summary>
    /// Resolves <paramref name="troubles"/> against the catch-up instant <paramref name="catchUp"/> (simulated = wall time)
    /// and the shops' local time (UTC + <paramref name="utcOffset"/>). Daily troubles pass through unchanged.
    /// </summary>
    public static TroublePlan Resolve(IReadOnlyList<ShopTrouble> troubles, DateTimeOffset catchUp, TimeSpan utcOffset, IReadOnlyList<ShopProfile> shops)
    {
        ArgumentNullException.ThrowIfNull(troubles);
        ArgumentNullException.ThrowIfNull(shops);
        var daily = new List<ShopTrouble>();
        var live = new List<CounterOutage>();
        foreach (var t in troubles)
        {
            if (t.AfterCatchUp is { } after && t.Kind == TroubleKind.BaristaGoesHome)
            {
                live.Add(new CounterOutage(t.Shop, catchUp + after, catchUp + after + t.Duration));
            }
            else if (t.Kind == TroubleKind.LateDelivery && (t.AfterCatchUp is not null || t.ArrivesAtEnd))
            {
                // The van arrives at a clock time: the delay after its scheduled time that lands there (the day's first van of that stock).
                var arrives = t.AfterCatchUp is { } a
                    ? TimeOnly.FromTimeSpan((catchUp + a + t.Duration + utcOffset).UtcDateTime.TimeOfDay)
                    : t.At.Add(t.Duration);
                var scheduled = Scheduled(shops, t.Shop, t.Stock);
                var delay = (arrives.ToTimeSpan() - scheduled.ToTimeSpan() + TimeSpan.FromDays(1)).Ticks % TimeSpan.TicksPerDay;
                daily.Add(ShopTrouble.LateDelivery(t.Shop, t.Stock, TimeSpan.FromTicks(delay)));
            }
            else
            {
                daily.Add(t);
            }
        }

        return new TroublePlan(daily, live);
    }

    /// <summary>The scheduled time of <paramref name="shop"/>'s first delivery of <paramref name="stock"/> (midnight when it has none: the delay then changes nothing).</summary>
    private static TimeOnly Scheduled(IReadOnlyList<ShopProfile> shops, string shop, StockKind stock)
    {
        foreach (var s in shops)
        {
            if (s.Name != shop) continue;
            foreach (var d in s.Deliveries)
                if (d.Stock == stock) return d.At;
        }

        return default;
    }
}
