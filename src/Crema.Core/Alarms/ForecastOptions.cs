namespace Crema.Core.Alarms;

/// <summary>How <see cref="Forecast.TimeToCross"/> fits the trend; every default is stated on its property.</summary>
public sealed class ForecastOptions
{
    /// <summary>How far back from "now" points are used. Default 1 hour.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Fewest points (after the last step) needed for a fit. Default 5; at least 2.</summary>
    public int MinPoints { get; init; } = 5;

    /// <summary>
    /// A step (a restock, a refill, a spill) is a change between consecutive points that differs from
    /// the change the series' typical rate explains over that interval by more than this many units.
    /// Only points after the last step are fitted. A jump counts only when the median level of the (up to)
    /// five points after it differs from that of the five before by as much, and at least three points
    /// precede and follow it: so a one- or two-point glitch is never taken for a restock, and for the first two
    /// samples after a real restock the forecast still follows the old line. Null (the default) derives the threshold from the data:
    /// <see cref="StepSensitivity"/> robust standard deviations of those differences.
    /// </summary>
    public double? StepThreshold { get; init; }

    /// <summary>With <see cref="StepThreshold"/> null: how many robust standard deviations make a step. Default 8.</summary>
    public double StepSensitivity { get; init; } = 8;

    /// <summary>Crossings further ahead than this are reported as <see cref="ForecastStatus.BeyondHorizon"/>. Default 7 days.</summary>
    public TimeSpan MaxHorizon { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Most points the Theil–Sen fit uses (it costs n² / 2 slopes); more are thinned evenly. Default 400.</summary>
    public int MaxFitPoints { get; init; } = 400;

    /// <summary>The series' name in the sentence. Default "The series".</summary>
    public string SeriesName { get; init; } = "The series";

    /// <summary>Offset from UTC of the clock times in the sentence (the shop's local time). Default zero (UTC).</summary>
    public TimeSpan DisplayOffset { get; init; } = TimeSpan.Zero;

    /// <summary>The default options.</summary>
    public static ForecastOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option and its rule.</summary>
    public void Validate()
    {
        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Window must be positive; it is {Window}.", nameof(Window));
        }

        if (MinPoints < 2)
        {
            throw new ArgumentException($"MinPoints must be at least 2; it is {MinPoints}.", nameof(MinPoints));
        }

        if (StepThreshold is { } threshold && !(threshold > 0 && double.IsFinite(threshold)))
        {
            throw new ArgumentException($"StepThreshold must be positive and finite when set; it is {threshold}.", nameof(StepThreshold));
        }

        if (!(StepSensitivity > 0 && double.IsFinite(StepSensitivity)))
        {
            throw new ArgumentException($"StepSensitivity must be positive and finite; it is {StepSensitivity}.", nameof(StepSensitivity));
        }

        if (MaxHorizon <= TimeSpan.Zero)
        {
            throw new ArgumentException($"MaxHorizon must be positive; it is {MaxHorizon}.", nameof(MaxHorizon));
        }

        if (MaxFitPoints < MinPoints)
        {
            throw new ArgumentException($"MaxFitPoints must be at least MinPoints ({MinPoints}); it is {MaxFitPoints}.", nameof(MaxFitPoints));
        }

        if (DisplayOffset.Duration() > TimeSpan.FromHours(14))
        {
            throw new ArgumentException($"DisplayOffset must be within ±14 hours; it is {DisplayOffset}.", nameof(DisplayOffset));
        }
    }
}
