namespace Crema.Core.Metrics;

/// <summary>A pre-aggregated observation: how many samples, their sum, minimum and maximum.</summary>
public readonly record struct StatisticSet(double SampleCount, double Sum, double Minimum, double Maximum);
