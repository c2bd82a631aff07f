namespace Crema.Simulator.Metrics;

/// <summary>Names of the metrics and dimensions the simulator emits.</summary>
public static class MetricNames
{
    public const string CoffeesSold = "CoffeesSold";
    public const string Revenue = "Revenue";
    public const string OrderWait = "OrderWait";
    public const string QueueLength = "QueueLength";
    public const string BaristasOnShift = "BaristasOnShift";
    public const string StockBeansKg = "StockBeansKg";
    public const string StockMilkLitres = "StockMilkLitres";
    public const string StockCups = "StockCups";
    public const string OrdersAbandoned = "OrdersAbandoned";
    public const string LostSales = "LostSales";

    public const string ShopDimension = "Shop";
    public const string ItemDimension = "Item";
}
