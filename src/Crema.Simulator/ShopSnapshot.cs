namespace Crema.Simulator;

/// <summary>A shop's state at one simulated instant, for a live summary.</summary>
/// <param name="Shop">Shop name.</param>
/// <param name="SimTime">The simulated instant.</param>
/// <param name="Open">Doors open.</param>
/// <param name="Queue">Customers who ordered and wait for their drinks.</param>
/// <param name="Baristas">Baristas on shift.</param>
/// <param name="BaristasOverridden">True when staffing was set at runtime rather than by the schedule.</param>
/// <param name="StockMilkLitres">Milk in stock.</param>
/// <param name="StockBeansKg">Beans in stock.</param>
/// <param name="StockCups">Cups in stock.</param>
/// <param name="CoffeesSoldToday">Drinks sold since local midnight.</param>
/// <param name="RevenueToday">Revenue since local midnight.</param>
/// <param name="WaitP90Last15MinSeconds">90th percentile of the waits of orders served in the last 15 simulated minutes; null when none.</param>
/// <param name="AbandonedToday">Customers who left without an order since local midnight.</param>
/// <param name="LostSalesToday">Drinks not sold for lack of stock since local midnight.</param>
public sealed record ShopSnapshot(
    string Shop,
    DateTimeOffset SimTime,
    bool Open,
    int Queue,
    int Baristas,
    bool BaristasOverridden,
    double StockMilkLitres,
    double StockBeansKg,
    int StockCups,
    long CoffeesSoldToday,
    decimal RevenueToday,
    double? WaitP90Last15MinSeconds,
    long AbandonedToday,
    long LostSalesToday);
