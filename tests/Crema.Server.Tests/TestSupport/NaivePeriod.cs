namespace Crema.Server.Tests.TestSupport;

/// <summary>The statistics of one period computed the obvious way, for comparison with the server.</summary>
public sealed class NaivePeriod
{
    /// <summary>Every value, repeated by its count; null once a statistic set (which has no values) joined.</summary>
    private List<double>? _expanded = [];

    public double SampleCount { get; private set; }
    public double Sum { get; private set; }
    public double Minimum { get; private set; } = double.PositiveInfinity;
    public double Maximum { get; private set; } = double.NegativeInfinity;
    public double Average => Sum / SampleCount;

    /// <summary>True when every sample was a value (so percentiles are known exactly).</summary>
    public bool HasValues => _expanded is not null;

    public void AddValue(double value, int count)
    {
        SampleCount += count;
        Sum += value * count;
        Minimum = Math.Min(Minimum, value);
        Maximum = Math.Max(Maximum, value);
        for (var i = 0; i < count; i++) _expanded?.Add(value);
    }

    public void AddSet(double count, double sum, double min, double max)
    {
        SampleCount += count;
        Sum += sum;
        Minimum = Math.Min(Minimum, min);
        Maximum = Math.Max(Maximum, max);
        _expanded = null;
    }

    /// <summary>The lower-rank percentile: the sorted values' element at ⌊q·(n−1)⌋.</summary>
    public double Percentile(double p)
    {
        if (_expanded is null) throw new InvalidOperationException("percentiles of statistic sets are not exact");
        var sorted = _expanded.Order().ToArray();
        var q = p / 100.0;
        return sorted[(int)Math.Floor(q * (sorted.Length - 1))];
    }

    /// <summary>The value of a statistic by its API name.</summary>
    public double Get(string stat) => stat switch
    {
        "SampleCount" => SampleCount,
        "Sum" => Sum,
        "Average" => Average,
        "Minimum" => Minimum,
        "Maximum" => Maximum,
        _ when stat.StartsWith('p') => Percentile(double.Parse(stat[1..], System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new ArgumentOutOfRangeException(nameof(stat), stat, "unknown statistic"),
    };
}
