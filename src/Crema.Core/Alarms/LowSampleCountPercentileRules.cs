using Crema.Core.Statistics;

namespace Crema.Core.Alarms;

/// <summary>CloudWatch's names for <see cref="LowSampleCountPercentile"/> and its rule for a statistically significant sample.</summary>
public static class LowSampleCountPercentileRules
{
    /// <summary>evaluate or ignore.</summary>
    public static string ToName(this LowSampleCountPercentile value) => value switch
    {
        LowSampleCountPercentile.Evaluate => "evaluate",
        LowSampleCountPercentile.Ignore => "ignore",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "not an EvaluateLowSampleCountPercentile value"),
    };

    /// <summary>Parses evaluate or ignore (case-insensitive).</summary>
    public static bool TryParse(string? text, out LowSampleCountPercentile value)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "EVALUATE": value = LowSampleCountPercentile.Evaluate; return true;
            case "IGNORE": value = LowSampleCountPercentile.Ignore; return true;
            default: value = default; return false;
        }
    }

    /// <summary>
    /// The fewest samples a period needs for <paramref name="statistic"/> to be significant, or 0 when any number will do:
    /// for a percentile p in [0.5, 1) it is 10/(1−p) (1000 for p99), for p in (0, 0.5) it is 10/p; other statistics,
    /// p0 and p100 (the minimum and maximum) have no such rule.
    /// </summary>
    public static double MinimumSamples(Statistic statistic)
    {
        if (statistic.Kind != StatisticKind.Percentile) return 0;
        var p = statistic.Percentile / 100;
        if (p <= 0 || p >= 1) return 0;
        // Rounded so that p90 needs exactly 100 (10 / (1 − 0.9) is 100.00000000000001 in binary floating point).
        return Math.Round(p >= 0.5 ? 10 / (1 - p) : 10 / p, 6);
    }

    /// <summary>The fewest samples for the statistic named <paramref name="statistic"/> (0 when it is not a percentile or does not parse).</summary>
    public static double MinimumSamples(string? statistic) =>
        Statistic.TryParse(statistic, out var parsed, out _) ? MinimumSamples(parsed) : 0;
}
