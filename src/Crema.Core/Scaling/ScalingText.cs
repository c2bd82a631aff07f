using System.Globalization;

namespace Crema.Core.Scaling;

/// <summary>Numbers in causes, written for people: seconds as "45 s" or "6.2 min", percentages with "%".</summary>
public static class ScalingText
{
    /// <summary>A metric value in its unit.</summary>
    public static string Value(double value, string? unit)
    {
        if (string.Equals(unit, "Seconds", StringComparison.OrdinalIgnoreCase))
            return Math.Abs(value) >= 90 ? Number(value / 60) + " min" : Number(value) + " s";
        if (string.Equals(unit, "Percent", StringComparison.OrdinalIgnoreCase)) return Number(value) + " %";
        return Number(value);
    }

    /// <summary>Up to one decimal below 100, whole numbers above; invariant culture.</summary>
    public static string Number(double value)
        => Math.Abs(value) >= 100 ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>"baristas 2 → 3".</summary>
    public static string Change(string unit, int from, int to)
        => unit + " " + from.ToString(CultureInfo.InvariantCulture) + " → " + to.ToString(CultureInfo.InvariantCulture);
}
