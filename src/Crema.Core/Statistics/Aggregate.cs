namespace Crema.Core.Statistics;

/// <summary>
/// Count, sum, minimum and maximum of a set of observations (a CloudWatch statistic set),
/// mergeable. NaN observations are skipped: they are no observation.
/// </summary>
public struct Aggregate
{
    public double Count;
    public double Sum;
    public double Min;
    public double Max;

    /// <summary>An aggregate of nothing.</summary>
    public static Aggregate Empty => new() { Min = double.PositiveInfinity, Max = double.NegativeInfinity };

    public readonly bool IsEmpty => Count <= 0;

    /// <summary>Adds one observed value.</summary>
    public void Add(double value)
    {
        if (double.IsNaN(value)) return;
        Count++;
        Sum += value;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
    }

    /// <summary>Adds a pre-aggregated observation.</summary>
    public void Add(double count, double sum, double min, double max)
    {
        if (double.IsNaN(sum) || count <= 0) return;
        Count += count;
        Sum += sum;
        if (min < Min) Min = min;
        if (max > Max) Max = max;
    }

    public void Merge(in Aggregate other)
    {
        if (other.IsEmpty) return;
        Add(other.Count, other.Sum, other.Min, other.Max);
    }

    /// <summary>The value of a non-percentile statistic; NaN when empty.</summary>
    public readonly double Get(StatisticKind kind) => IsEmpty ? double.NaN : kind switch
    {
        StatisticKind.SampleCount => Count,
        StatisticKind.Sum => Sum,
        StatisticKind.Average => Sum / Count,
        StatisticKind.Minimum => Min,
        StatisticKind.Maximum => Max,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "percentiles come from a sketch"),
    };
}
