namespace Crema.Core.Metrics;

/// <summary>
/// One stored observation of a series at a millisecond timestamp. A plain sample has
/// Count 1 and Min = Max = Sum = Value; a weighted value (value with a count) or a statistic
/// set carries its aggregate. NaN values are kept (Prometheus staleness markers and NaN
/// samples are data) but count as no observation in statistics.
/// </summary>
public readonly record struct Sample(long TimestampMs, double Sum, double Count, double Min, double Max)
{
    /// <summary>A single observed value.</summary>
    public static Sample Plain(long timestampMs, double value) => new(timestampMs, value, 1, value, value);

    /// <summary>A value observed <paramref name="count"/> times.</summary>
    public static Sample Weighted(long timestampMs, double value, double count) => new(timestampMs, value * count, count, value, value);

    /// <summary>A statistic set.</summary>
    public static Sample FromSet(long timestampMs, StatisticSet s) => new(timestampMs, s.Sum, s.SampleCount, s.Minimum, s.Maximum);

    /// <summary>True when this is one observed value (the common, cheaply encoded case).</summary>
    public bool IsPlain => Count == 1 && Min.Equals(Sum) && Max.Equals(Sum);

    /// <summary>The value of a plain sample; the mean otherwise.</summary>
    public double Value => IsPlain ? Sum : Sum / Count;
}
