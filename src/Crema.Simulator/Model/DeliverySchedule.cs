namespace Crema.Simulator.Model;

/// <summary>A standing delivery order: what arrives, when, how much, and how often it is late.</summary>
/// <param name="Stock">The supply delivered.</param>
/// <param name="At">Scheduled local time of day.</param>
/// <param name="Days">Days of the week it comes; null means every day.</param>
/// <param name="Amount">Delivered quantity (kg, litres or cups); what does not fit the shop's capacity is refused.</param>
/// <param name="LateProbability">Chance that the van is late.</param>
/// <param name="MaxDelay">A late delivery arrives uniformly within this delay; an on-time one within a quarter hour.</param>
public sealed record DeliverySchedule(
    StockKind Stock,
    TimeOnly At,
    IReadOnlyList<DayOfWeek>? Days,
    double Amount,
    double LateProbability,
    TimeSpan MaxDelay)
{
    /// <summary>True when the delivery is due on <paramref name="day"/>.</summary>
    public bool IsDueOn(DayOfWeek day)
    {
        if (Days is null) return true;
        for (var i = 0; i < Days.Count; i++)
            if (Days[i] == day) return true;
        return false;
    }
}
