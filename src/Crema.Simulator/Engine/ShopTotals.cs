namespace Crema.Simulator.Engine;

/// <summary>A shop's counters since the simulation started.</summary>
/// <param name="Arrivals">Customers who came in.</param>
/// <param name="Served">Orders handed over.</param>
/// <param name="Balked">Customers who walked away from the queue.</param>
/// <param name="Unavailable">Customers who left because nothing they wanted could be made.</param>
/// <param name="Waiting">Customers who have ordered and not yet been served.</param>
/// <param name="ItemsSold">Drinks sold.</param>
/// <param name="LostSales">Drinks that could not be sold (milk, cups or beans out).</param>
/// <param name="Revenue">Sum of the prices of the drinks sold.</param>
public readonly record struct ShopTotals(
    long Arrivals,
    long Served,
    long Balked,
    long Unavailable,
    int Waiting,
    long ItemsSold,
    long LostSales,
    decimal Revenue)
{
    /// <summary>Customers who left without an order (walked away or nothing available); the OrdersAbandoned metric.</summary>
    public long Abandoned => Balked + Unavailable;
}
