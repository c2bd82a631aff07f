namespace Crema.Core.Alarms;

/// <summary>
/// A learned "normal" band for a metric, like CloudWatch's ANOMALY_DETECTION_BAND: a seasonal baseline
/// (a robust median per hour of the week or day, or one level) with a robust spread per bucket
/// (1.4826 × the median absolute residual), linearly interpolated between bucket centres so the band
/// has no steps, plus an optional linear trend. Immutable and pure; store it with <see cref="ToJson"/>.
/// </summary>
public sealed partial class AnomalyBandModel
{
    private readonly double[] _expected;
    private readonly double[] _spread;

    private AnomalyBandModel(
        AnomalyBandSeasonality seasonality, TimeSpan utcOffset, double trendPerHour, DateTimeOffset trendOrigin, double[] expected, double[] spread)
    {
        Seasonality = seasonality;
        UtcOffset = utcOffset;
        TrendPerHour = trendPerHour;
        TrendOrigin = trendOrigin;
        _expected = expected;
        _spread = spread;
    }

    /// <summary>Which buckets the baseline uses.</summary>
    public AnomalyBandSeasonality Seasonality { get; }

    /// <summary>The local time's offset from UTC that hours and days follow.</summary>
    public TimeSpan UtcOffset { get; }

    /// <summary>The fitted trend in units per hour (0 without a trend).</summary>
    public double TrendPerHour { get; }

    /// <summary>The time at which the trend term is zero (the newest training point).</summary>
    public DateTimeOffset TrendOrigin { get; }

    /// <summary>Number of seasonal buckets: 1, 24 or 168.</summary>
    public int BucketCount => _expected.Length;

    /// <summary>
    /// The band at <paramref name="at"/>: Expected ± <paramref name="widthInStdDevs"/> robust standard deviations
    /// (CloudWatch's default width is 2).
    /// </summary>
    public (double Lower, double Expected, double Upper) Band(DateTimeOffset at, double widthInStdDevs)
    {
        if (!(widthInStdDevs >= 0 && double.IsFinite(widthInStdDevs)))
        {
            throw new ArgumentOutOfRangeException(nameof(widthInStdDevs), widthInStdDevs, "the band width must be a finite number of standard deviations ≥ 0");
        }

        double expected, spread;
        if (_expected.Length == 1)
        {
            expected = _expected[0];
            spread = _spread[0];
        }
        else
        {
            // Bucket b's statistics describe the middle of its hour, so interpolate between the centres either side.
            var position = BucketOf(at, UtcOffset, Seasonality, out var fraction) + fraction - 0.5;
            if (position < 0)
            {
                position += _expected.Length;
            }

            var lower = (int)position;
            var weight = position - lower;
            var upper = lower + 1 == _expected.Length ? 0 : lower + 1;
            expected = _expected[lower] + ((_expected[upper] - _expected[lower]) * weight);
            spread = _spread[lower] + ((_spread[upper] - _spread[lower]) * weight);
        }

        expected += TrendPerHour * (at - TrendOrigin).TotalHours;
        var half = widthInStdDevs * spread;
        return (expected - half, expected, expected + half);
    }

    /// <summary>The baseline level of bucket <paramref name="bucket"/> (without trend), for display.</summary>
    public double BucketExpected(int bucket) => _expected[bucket];

    /// <summary>The robust standard deviation of bucket <paramref name="bucket"/>, for display.</summary>
    public double BucketSpread(int bucket) => _spread[bucket];

    /// <summary>The bucket <paramref name="at"/> falls in, and how far (0–1) through its hour it is.</summary>
    internal static int BucketOf(DateTimeOffset at, TimeSpan utcOffset, AnomalyBandSeasonality seasonality, out double fraction)
    {
        var local = at.UtcTicks + utcOffset.Ticks;
        var hours = local / TimeSpan.TicksPerHour;
        fraction = (double)(local % TimeSpan.TicksPerHour) / TimeSpan.TicksPerHour;
        return seasonality switch
        {
            // Day 0 of the tick calendar (0001-01-01) is a Monday; +24 h makes Sunday 00:00 bucket 0.
            AnomalyBandSeasonality.HourOfWeek => (int)((hours + 24) % 168),
            AnomalyBandSeasonality.HourOfDay => (int)(hours % 24),
            _ => 0,
        };
    }

    internal static int BucketCountOf(AnomalyBandSeasonality seasonality) => seasonality switch
    {
        AnomalyBandSeasonality.HourOfWeek => 168,
        AnomalyBandSeasonality.HourOfDay => 24,
        _ => 1,
    };
}
