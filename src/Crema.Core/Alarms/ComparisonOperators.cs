namespace Crema.Core.Alarms;

/// <summary>Parsing, naming and the breach test of <see cref="ComparisonOperator"/>.</summary>
public static class ComparisonOperators
{
    /// <summary>Parses CloudWatch's operator names (case-insensitive) and the symbols &gt;=, &gt;, &lt;, &lt;=.</summary>
    public static bool TryParse(string? text, out ComparisonOperator op)
    {
        var s = text?.Trim() ?? "";
        switch (s)
        {
            case ">=": case "≥": op = ComparisonOperator.GreaterThanOrEqualToThreshold; return true;
            case ">": op = ComparisonOperator.GreaterThanThreshold; return true;
            case "<": op = ComparisonOperator.LessThanThreshold; return true;
            case "<=": case "≤": op = ComparisonOperator.LessThanOrEqualToThreshold; return true;
        }

        // Enum.TryParse would also accept numbers ("3"), which are not operator names.
        if (s.Length > 0 && char.IsLetter(s[0]) && Enum.TryParse(s, ignoreCase: true, out op) && Enum.IsDefined(op))
        {
            return true;
        }

        op = default;
        return false;
    }

    /// <summary>The CloudWatch name, e.g. GreaterThanThreshold.</summary>
    public static string ToName(this ComparisonOperator op) => op.ToString();

    /// <summary>The symbol of a static-threshold operator (&gt;=, &gt;, &lt;, &lt;=); band operators have none and give their name.</summary>
    public static string ToSymbol(this ComparisonOperator op) => op switch
    {
        ComparisonOperator.GreaterThanOrEqualToThreshold => ">=",
        ComparisonOperator.GreaterThanThreshold => ">",
        ComparisonOperator.LessThanThreshold => "<",
        ComparisonOperator.LessThanOrEqualToThreshold => "<=",
        _ => op.ToString(),
    };

    /// <summary>True for the three operators that compare with an anomaly band (ThresholdMetricId) instead of a threshold.</summary>
    public static bool IsBandOperator(this ComparisonOperator op) =>
        op is ComparisonOperator.LessThanLowerOrGreaterThanUpperThreshold
            or ComparisonOperator.LessThanLowerThreshold
            or ComparisonOperator.GreaterThanUpperThreshold;

    /// <summary>Whether <paramref name="value"/> breaches a static threshold under <paramref name="op"/>.</summary>
    public static bool Breaches(this ComparisonOperator op, double value, double threshold) => op switch
    {
        ComparisonOperator.GreaterThanOrEqualToThreshold => value >= threshold,
        ComparisonOperator.GreaterThanThreshold => value > threshold,
        ComparisonOperator.LessThanThreshold => value < threshold,
        ComparisonOperator.LessThanOrEqualToThreshold => value <= threshold,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "a band operator compares with a band, not a threshold"),
    };

    /// <summary>
    /// Whether <paramref name="value"/> breaches the band under a band operator; null when the band side the
    /// operator needs is unknown (the datapoint is then treated as missing).
    /// </summary>
    public static bool? BreachesBand(this ComparisonOperator op, double value, double? lower, double? upper) => op switch
    {
        ComparisonOperator.LessThanLowerThreshold => lower is { } l ? value < l : null,
        ComparisonOperator.GreaterThanUpperThreshold => upper is { } u ? value > u : null,
        ComparisonOperator.LessThanLowerOrGreaterThanUpperThreshold =>
            lower is { } l2 && upper is { } u2 ? value < l2 || value > u2 : null,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a band operator"),
    };

    /// <summary>The words CloudWatch uses in a reason ("greater than or equal to"); band operators give the upper/lower form.</summary>
    internal static string Phrase(this ComparisonOperator op) => op switch
    {
        ComparisonOperator.GreaterThanOrEqualToThreshold => "greater than or equal to",
        ComparisonOperator.GreaterThanThreshold => "greater than",
        ComparisonOperator.LessThanThreshold => "less than",
        ComparisonOperator.LessThanOrEqualToThreshold => "less than or equal to",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "band operators are phrased with their band"),
    };
}
