namespace Crema.Core.Alarms;

/// <summary>Small robust statistics shared by the forecast and the anomaly band (median, MAD, Theil–Sen, erf).</summary>
internal static class ForecastRobust
{
    /// <summary>Scales a median absolute deviation to a normal distribution's standard deviation.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>Median of <paramref name="values"/>; reorders the span. NaN when empty.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>Median of a copy of <paramref name="values"/>.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        var copy = values.ToArray();
        return MedianInPlace(copy);
    }

    /// <summary>Median absolute deviation from <paramref name="center"/>, scaled to a standard deviation.</summary>
    public static double RobustSigma(ReadOnlySpan<double> values, double center)
    {
        var deviations = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            deviations[i] = Math.Abs(values[i] - center);
        }

        return MadToSigma * MedianInPlace(deviations);
    }

    /// <summary>Theil–Sen slope: the median of the slopes between every pair of points with distinct x.</summary>
    public static double TheilSenSlope(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var slopes = new double[x.Length * (x.Length - 1) / 2];
        var count = 0;
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = i + 1; j < x.Length; j++)
            {
                var dx = x[j] - x[i];
                if (dx != 0)
                {
                    slopes[count++] = (y[j] - y[i]) / dx;
                }
            }
        }

        return MedianInPlace(slopes.AsSpan(0, count));
    }

    /// <summary>The error function (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7).</summary>
    public static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        return sign * (1 - (poly * Math.Exp(-x * x)));
    }
}
