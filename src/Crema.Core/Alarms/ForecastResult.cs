namespace Crema.Core.Alarms;

/// <summary>
/// The outcome of <see cref="Forecast.TimeToCross"/>: when the series reaches the level (if it does),
/// the fitted trend and how much to trust it, and a sentence for people.
/// </summary>
public sealed record ForecastResult
{
    /// <summary>What the forecast concluded.</summary>
    public required ForecastStatus Status { get; init; }

    /// <summary>When the fitted line reaches the level: ahead for Crossing and BeyondHorizon, in the window for AlreadyCrossed; else null.</summary>
    public DateTimeOffset? CrossesAt { get; init; }

    /// <summary>Time from "now" to <see cref="CrossesAt"/> for Crossing; zero for AlreadyCrossed; else null.</summary>
    public TimeSpan? TimeToCross { get; init; }

    /// <summary>The fitted slope in units per hour (NaN when there were too few points).</summary>
    public double SlopePerHour { get; init; } = double.NaN;

    /// <summary>The fitted line's value at "now" (NaN when there were too few points).</summary>
    public double ValueNow { get; init; } = double.NaN;

    /// <summary>Coefficient of determination of the fitted line over the points used (1 = a perfect line).</summary>
    public double RSquared { get; init; } = double.NaN;

    /// <summary>Robust standard deviation of the residuals (1.4826 × their median absolute value).</summary>
    public double ResidualStdDev { get; init; } = double.NaN;

    /// <summary>
    /// How sure the fit is that the series really moves in the fitted direction, 0–1:
    /// erf(|slope| / (√2 · its standard error)). Near 0 for a flat, noisy series; near 1 for a clean trend.
    /// </summary>
    public double Confidence { get; init; }

    /// <summary>How many points the fit used.</summary>
    public int PointsUsed { get; init; }

    /// <summary>Time of the first point after the last detected step, when a step was found in the window.</summary>
    public DateTimeOffset? StepAt { get; init; }

    /// <summary>A sentence for people, e.g. "StockMilkLitres falls by 6.2 per hour; it reaches 0.0 in about 25 minutes (at 10:35)".</summary>
    public required string Sentence { get; init; }
}
