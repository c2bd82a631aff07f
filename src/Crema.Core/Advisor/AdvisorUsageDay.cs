namespace Crema.Core.Advisor;

/// <summary>One day's use of a resource, as percentages of its capacity: the day's average and its peak.</summary>
public readonly record struct AdvisorUsageDay(DateOnly Day, double AveragePercent, double PeakPercent);
