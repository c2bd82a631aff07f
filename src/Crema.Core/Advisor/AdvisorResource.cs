namespace Crema.Core.Advisor;

/// <summary>
/// A business resource (an espresso machine, a barista): what it costs a month and how much of its capacity was used
/// on each of the last days (oldest first; a day without data is null).
/// </summary>
public sealed record AdvisorResource(
    string Name,
    string Kind,
    decimal CostPerMonth,
    string Currency,
    string Metric,
    double Capacity,
    IReadOnlyList<AdvisorUsageDay?> Days);
