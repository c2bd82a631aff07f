namespace Crema.Core.Alarms;

/// <summary>How <see cref="AnomalyBandModel.Train"/> learns a band; every default is stated on its property.</summary>
public sealed class AnomalyBandOptions
{
    /// <summary>Offset from UTC of the business's local time, which days and hours follow. Default zero (UTC).</summary>
    public TimeSpan UtcOffset { get; init; } = TimeSpan.Zero;

    /// <summary>History span needed for hour-of-week buckets. Default 14 days (two of each weekday).</summary>
    public TimeSpan MinSpanForHourOfWeek { get; init; } = TimeSpan.FromDays(14);

    /// <summary>History span needed for hour-of-day buckets. Default 2 days.</summary>
    public TimeSpan MinSpanForHourOfDay { get; init; } = TimeSpan.FromDays(2);

    /// <summary>Forces a seasonality instead of choosing it from the span. Default null (choose).</summary>
    public AnomalyBandSeasonality? Seasonality { get; init; }

    /// <summary>Fit and extrapolate a linear trend (Theil–Sen on what the seasonal baseline leaves). Default false.</summary>
    public bool UseTrend { get; init; }

    /// <summary>Fewest points a bucket needs for its own median; emptier buckets are interpolated from neighbours. Default 3.</summary>
    public int MinPointsPerBucket { get; init; } = 3;

    /// <summary>
    /// A bucket's spread is at least this fraction of the median spread over all buckets, so a bucket
    /// that happened to be quiet in training does not get a hair-thin band. Default 0.5.
    /// </summary>
    public double MinSpreadFraction { get; init; } = 0.5;

    /// <summary>Fewest finite points training accepts. Default 3.</summary>
    public int MinPoints { get; init; } = 3;

    /// <summary>The default options.</summary>
    public static AnomalyBandOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option and its rule.</summary>
    public void Validate()
    {
        if (UtcOffset.Duration() > TimeSpan.FromHours(14) || UtcOffset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentException($"UtcOffset must be whole minutes within ±14 hours; it is {UtcOffset}.", nameof(UtcOffset));
        }

        if (MinSpanForHourOfDay <= TimeSpan.Zero || MinSpanForHourOfWeek < MinSpanForHourOfDay)
        {
            throw new ArgumentException(
                $"MinSpanForHourOfDay must be positive and MinSpanForHourOfWeek at least as long; they are {MinSpanForHourOfDay} and {MinSpanForHourOfWeek}.",
                nameof(MinSpanForHourOfWeek));
        }

        if (Seasonality is { } seasonality && !Enum.IsDefined(seasonality))
        {
            throw new ArgumentException($"Seasonality {seasonality} is not defined.", nameof(Seasonality));
        }

        if (MinPointsPerBucket < 1)
        {
            throw new ArgumentException($"MinPointsPerBucket must be at least 1; it is {MinPointsPerBucket}.", nameof(MinPointsPerBucket));
        }

        if (!(MinSpreadFraction >= 0 && MinSpreadFraction <= 1))
        {
            throw new ArgumentException($"MinSpreadFraction must be between 0 and 1; it is {MinSpreadFraction}.", nameof(MinSpreadFraction));
        }

        if (MinPoints < 3)
        {
            throw new ArgumentException($"MinPoints must be at least 3; it is {MinPoints}.", nameof(MinPoints));
        }
    }
}
