using System.Globalization;

namespace Crema.Core.Statistics;

/// <summary>A statistic: SampleCount, Sum, Average, Minimum, Maximum, or a percentile pNN.NN (0 ≤ NN.NN ≤ 100).</summary>
public readonly record struct Statistic(StatisticKind Kind, double Percentile = 0)
{
    public static readonly Statistic SampleCount = new(StatisticKind.SampleCount);
    public static readonly Statistic Sum = new(StatisticKind.Sum);
    public static readonly Statistic Average = new(StatisticKind.Average);
    public static readonly Statistic Minimum = new(StatisticKind.Minimum);
    public static readonly Statistic Maximum = new(StatisticKind.Maximum);

    /// <summary>A percentile statistic, e.g. P(90) is p90.</summary>
    public static Statistic P(double percentile) => new(StatisticKind.Percentile, percentile);

    /// <summary>Parses a statistic name (case-insensitive); the error says what is accepted.</summary>
    public static bool TryParse(string? text, out Statistic statistic, out string error)
    {
        statistic = default;
        error = "";
        var s = text?.Trim() ?? "";
        switch (s.ToUpperInvariant())
        {
            case "SAMPLECOUNT": statistic = SampleCount; return true;
            case "SUM": statistic = Sum; return true;
            case "AVERAGE": case "AVG": statistic = Average; return true;
            case "MINIMUM": case "MIN": statistic = Minimum; return true;
            case "MAXIMUM": case "MAX": statistic = Maximum; return true;
        }
        if (s.Length >= 2 && (s[0] == 'p' || s[0] == 'P'))
        {
            var num = s.AsSpan(1);
            var dot = num.IndexOf('.');
            if (dot < 0 || num.Length - dot - 1 <= 2)
            {
                if (double.TryParse(num, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p)
                    && p >= 0 && p <= 100)
                {
                    statistic = P(p);
                    return true;
                }
            }
        }
        error = $"'{text}' is not a statistic: use SampleCount, Sum, Average, Minimum, Maximum or a percentile pNN.NN between p0 and p100 with at most two decimals";
        return false;
    }

    /// <summary>The canonical name: Average, p90, p99.9.</summary>
    public override string ToString() => Kind switch
    {
        StatisticKind.Percentile => "p" + Percentile.ToString("0.##", CultureInfo.InvariantCulture),
        _ => Kind.ToString(),
    };
}
