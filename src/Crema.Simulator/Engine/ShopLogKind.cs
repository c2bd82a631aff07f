namespace Crema.Simulator.Engine;

/// <summary>What an event-log entry records.</summary>
public enum ShopLogKind
{
    /// <summary>A customer came in.</summary>
    Arrival,

    /// <summary>A customer saw the queue and walked away.</summary>
    Balked,

    /// <summary>A customer left because nothing they wanted could be made.</summary>
    Unavailable,

    /// <summary>One item sold (Detail = item, Price).</summary>
    Sale,

    /// <summary>One item could not be sold (Detail = item, Amount: 1 = no milk, 2 = no cups, 3 = no beans).</summary>
    LostSale,

    /// <summary>An order was handed over (Amount = wait in seconds).</summary>
    Served,

    /// <summary>Stock arrived (Detail = stock kind, Amount = quantity accepted).</summary>
    Delivery,

    /// <summary>The number of baristas was set at runtime (Amount = baristas; -1 = back to the schedule).</summary>
    BaristasSet,
}
