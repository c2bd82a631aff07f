using System.Globalization;

namespace Crema.Core.Alarms;

/// <summary>
/// Linear-trend forecasts ("milk runs out in about 25 minutes"): a Theil–Sen line through the recent
/// points after the last step change, projected to the level. Pure: the caller supplies "now".
/// </summary>
public static class Forecast
{
    /// <summary>
    /// When the series in <paramref name="recent"/> reaches <paramref name="level"/> at its current trend.
    /// Uses the points in (now − Window, now] with finite values; when a step (restock) lies in the window
    /// only the points after the last step are fitted (see <see cref="ForecastOptions.StepThreshold"/>).
    /// </summary>
    public static ForecastResult TimeToCross(
        IReadOnlyList<(DateTimeOffset At, double Value)> recent, double level, DateTimeOffset now, ForecastOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recent);
        options ??= ForecastOptions.Default;
        options.Validate();
        if (!double.IsFinite(level))
        {
            throw new ArgumentException($"level must be finite; it is {level}.", nameof(level));
        }

        // Hours relative to now: keeps the numbers small and the intercept equal to the value now.
        var from = now - options.Window;
        var points = new List<(double T, double Y)>(recent.Count);
        foreach (var (at, value) in recent)
        {
            if (at > from && at <= now && double.IsFinite(value))
            {
                points.Add(((at - now).TotalHours, value));
            }
        }

        points.Sort(static (a, b) => a.T.CompareTo(b.T));
        var windowText = Duration(options.Window);
        if (points.Count < options.MinPoints)
        {
            return TooFew(options, $"only {points.Count} point{Plural(points.Count)} in the last {windowText}; a forecast needs {options.MinPoints}");
        }

        var start = AfterLastStep(points, options);
        DateTimeOffset? stepAt = start > 0 ? now + TimeSpan.FromHours(points[start].T) : null;
        var used = points.Count - start;
        if (used < options.MinPoints)
        {
            return TooFew(options, $"only {used} point{Plural(used)} since the step at {Clock(stepAt!.Value, now, options)}; a forecast needs {options.MinPoints}") with
            {
                StepAt = stepAt,
            };
        }

        // Thin evenly (keeping the newest point) so Theil-Sen's n² pairs stay bounded.
        var stride = (used + options.MaxFitPoints - 1) / options.MaxFitPoints;
        var n = 0;
        var x = new double[(used + stride - 1) / stride];
        var y = new double[x.Length];
        for (var i = points.Count - 1; i >= start && n < x.Length; i -= stride)
        {
            x[n] = points[i].T;
            y[n] = points[i].Y;
            n++;
        }

        var slope = ForecastRobust.TheilSenSlope(x, y);
        var offsets = new double[n];
        for (var i = 0; i < n; i++)
        {
            offsets[i] = y[i] - (slope * x[i]);
        }

        var valueNow = ForecastRobust.Median(offsets);
        var fit = Quality(x, y, slope, valueNow);
        var result = new ForecastResult
        {
            Status = ForecastStatus.NotHeading,
            SlopePerHour = slope,
            ValueNow = valueNow,
            RSquared = fit.RSquared,
            ResidualStdDev = fit.Sigma,
            Confidence = fit.Confidence,
            PointsUsed = n,
            StepAt = stepAt,
            Sentence = string.Empty,
        };
        var trend = $"{options.SeriesName} {Trend(slope)}";
        var levelText = Number(level);

        var hoursToLevel = (level - valueNow) / slope;
        var startValue = valueNow + (slope * x[n - 1]);
        if (valueNow == level || (slope != 0 && hoursToLevel <= 0 && Math.Sign(startValue - level) != Math.Sign(valueNow - level)))
        {
            // The line crossed the level inside the window: the series is already past it.
            var crossedAt = now + TimeSpan.FromHours(slope == 0 ? 0 : hoursToLevel);
            return result with
            {
                Status = ForecastStatus.AlreadyCrossed,
                CrossesAt = crossedAt,
                TimeToCross = TimeSpan.Zero,
                Sentence = $"{trend}; it reached {levelText} {Ago(now - crossedAt)} (at {Clock(crossedAt, now, options)})",
            };
        }

        if (slope == 0 || double.IsNaN(hoursToLevel) || hoursToLevel < 0)
        {
            return result with { Sentence = $"{trend}; it is not heading towards {levelText}" };
        }

        if (hoursToLevel > options.MaxHorizon.TotalHours)
        {
            return result with
            {
                Status = ForecastStatus.BeyondHorizon,
                Sentence = $"{trend}; it would reach {levelText} only after more than {Duration(options.MaxHorizon)}",
            };
        }

        var timeToCross = TimeSpan.FromHours(hoursToLevel);
        var crossesAt = now + timeToCross;
        return result with
        {
            Status = ForecastStatus.Crossing,
            CrossesAt = crossesAt,
            TimeToCross = timeToCross,
            Sentence = $"{trend}; it reaches {levelText} {InAbout(timeToCross)} (at {Clock(crossesAt, now, options)})",
        };
    }

    /// <summary>Index of the first point after the last step in <paramref name="points"/> (0 when there is none).</summary>
    private static int AfterLastStep(List<(double T, double Y)> points, ForecastOptions options)
    {
        var count = points.Count - 1;
        var rates = new List<double>(count);
        for (var i = 1; i <= count; i++)
        {
            var dt = points[i].T - points[i - 1].T;
            if (dt > 0)
            {
                rates.Add((points[i].Y - points[i - 1].Y) / dt);
            }
        }

        var typicalRate = rates.Count == 0 ? 0 : ForecastRobust.MedianInPlace(rates.ToArray());
        // A difference the typical rate does not explain: for irregular sampling this is fairer than the raw jump.
        var surprise = new double[count];
        var maxAbs = 0.0;
        for (var i = 1; i <= count; i++)
        {
            surprise[i - 1] = points[i].Y - points[i - 1].Y - (typicalRate * (points[i].T - points[i - 1].T));
            maxAbs = Math.Max(maxAbs, Math.Abs(points[i].Y));
        }

        double threshold;
        if (options.StepThreshold is { } fixedThreshold)
        {
            threshold = fixedThreshold;
        }
        else
        {
            var center = ForecastRobust.Median(surprise);
            var sigma = ForecastRobust.RobustSigma(surprise, center);
            // The floors keep rounding noise on an exact line, and a change of slope on a noiseless series (every
            // later point then "surprises" a little), from counting as a step: a restock moves the level by a
            // sizeable part of the window's range in one jump.
            var min = double.MaxValue;
            var max = double.MinValue;
            foreach (var p in points)
            {
                min = Math.Min(min, p.Y);
                max = Math.Max(max, p.Y);
            }

            threshold = Math.Max(Math.Max(options.StepSensitivity * sigma, 1e-9 * (1 + maxAbs)), 0.05 * (max - min));
        }

        for (var i = count; i >= 1; i--)
        {
            // A jump is only a step when the level stays moved: a one- or two-point spike (a glitch)
            // jumps and comes back, and leaves the medians on either side where they were.
            if (Math.Abs(surprise[i - 1]) > threshold && Math.Abs(LevelShift(points, i, typicalRate)) > threshold)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>Median detrended level of up to 5 points from <paramref name="at"/> on, minus that of up to 5 before.</summary>
    private static double LevelShift(List<(double T, double Y)> points, int at, double rate)
    {
        const int Side = 5;
        Span<double> before = stackalloc double[Side];
        Span<double> after = stackalloc double[Side];
        var nBefore = 0;
        for (var j = Math.Max(0, at - Side); j < at; j++)
        {
            before[nBefore++] = points[j].Y - (rate * points[j].T);
        }

        var nAfter = 0;
        for (var j = at; j < Math.Min(points.Count, at + Side); j++)
        {
            after[nAfter++] = points[j].Y - (rate * points[j].T);
        }

        // Three points on each side confirm a change of level; fewer could be a glitch (the robust fit outvotes it).
        if (nAfter < 3 || nBefore < 3)
        {
            return 0;
        }

        return ForecastRobust.MedianInPlace(after[..nAfter]) - ForecastRobust.MedianInPlace(before[..nBefore]);
    }

    private static (double RSquared, double Sigma, double Confidence) Quality(double[] x, double[] y, double slope, double intercept)
    {
        var n = x.Length;
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }

        meanX /= n;
        meanY /= n;
        double ssRes = 0, ssTot = 0, sxx = 0;
        var residuals = new double[n];
        for (var i = 0; i < n; i++)
        {
            residuals[i] = y[i] - (intercept + (slope * x[i]));
            ssRes += residuals[i] * residuals[i];
            ssTot += (y[i] - meanY) * (y[i] - meanY);
            sxx += (x[i] - meanX) * (x[i] - meanX);
        }

        var rSquared = ssTot > 0 ? Math.Max(0, 1 - (ssRes / ssTot)) : (ssRes == 0 ? 1 : 0);
        var sigma = ForecastRobust.RobustSigma(residuals, 0);
        // Standard error of a line's slope, with the robust residual scale so one outlier does not sink it.
        var standardError = sxx > 0 ? sigma / Math.Sqrt(sxx) : double.PositiveInfinity;
        var confidence = slope == 0 || double.IsInfinity(standardError) ? 0
            : standardError == 0 ? 1
            : ForecastRobust.Erf(Math.Abs(slope) / (standardError * Math.Sqrt(2)));
        return (rSquared, sigma, Math.Clamp(confidence, 0, 1));
    }

    private static ForecastResult TooFew(ForecastOptions options, string reason) => new()
    {
        Status = ForecastStatus.TooFewPoints,
        Sentence = $"{options.SeriesName}: no forecast, {reason}",
    };

    private static string Trend(double slope) => slope switch
    {
        > 0 => $"rises by {Number(slope)} per hour",
        < 0 => $"falls by {Number(-slope)} per hour",
        _ => "is flat",
    };

    internal static string Number(double value) => value.ToString("0.0##", CultureInfo.InvariantCulture);

    private static string Plural(long count) => count == 1 ? string.Empty : "s";

    private static string InAbout(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1) ? "in less than a minute" : $"in about {Duration(span)}";

    private static string Ago(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1) ? "less than a minute ago" : $"about {Duration(span)} ago";

    /// <summary>"25 minutes", "3.5 hours", "2 days": the unit people would use, rounded to what matters.</summary>
    internal static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(120))
        {
            var minutes = (long)Math.Max(1, Math.Round(span.TotalMinutes));
            return $"{minutes} minute{Plural(minutes)}";
        }

        if (span < TimeSpan.FromHours(48))
        {
            var hours = Math.Round(span.TotalHours * 2) / 2;
            return $"{hours.ToString("0.#", CultureInfo.InvariantCulture)} hours";
        }

        var days = Math.Round(span.TotalDays * 2) / 2;
        return $"{days.ToString("0.#", CultureInfo.InvariantCulture)} days";
    }

    private static string Clock(DateTimeOffset at, DateTimeOffset now, ForecastOptions options)
    {
        var local = at.ToOffset(options.DisplayOffset);
        var format = (at - now).Duration() < TimeSpan.FromHours(20) ? "HH:mm" : "yyyy-MM-dd HH:mm";
        return local.ToString(format, CultureInfo.InvariantCulture);
    }
}
