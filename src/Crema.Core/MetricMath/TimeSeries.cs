namespace Crema.Core.MetricMath;

/// <summary>One series of per-period values: ascending timestamps (Unix ms) and values of the same length.</summary>
public sealed record TimeSeries(string Id, string Label, long[] TimestampsMs, double[] Values);
