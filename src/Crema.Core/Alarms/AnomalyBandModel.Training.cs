namespace Crema.Core.Alarms;

public sealed partial class AnomalyBandModel
{
    /// <summary>Most points the trend's Theil–Sen fit uses; more are thinned evenly (it costs n² / 2 slopes).</summary>
    private const int MaxTrendPoints = 300;

    /// <summary>
    /// Learns a band from <paramref name="history"/> (any order; non-finite values are skipped). The
    /// seasonality is hour-of-week when the history spans at least two weeks, hour-of-day with at least
    /// two days, else one level (see <see cref="AnomalyBandOptions"/>); it falls back a step when fewer than
    /// half the buckets have <see cref="AnomalyBandOptions.MinPointsPerBucket"/> points.
    /// Throws <see cref="ArgumentException"/> when fewer than <see cref="AnomalyBandOptions.MinPoints"/> points are usable.
    /// </summary>
    public static AnomalyBandModel Train(IReadOnlyList<(DateTimeOffset At, double Value)> history, AnomalyBandOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        options ??= AnomalyBandOptions.Default;
        options.Validate();

        var points = new List<(DateTimeOffset At, double Value)>(history.Count);
        foreach (var point in history)
        {
            if (double.IsFinite(point.Value))
            {
                points.Add(point);
            }
        }

        if (points.Count < options.MinPoints)
        {
            throw new ArgumentException($"history has {points.Count} finite points; training needs at least {options.MinPoints}", nameof(history));
        }

        points.Sort(static (a, b) => a.At.CompareTo(b.At));
        var origin = points[^1].At;
        var span = origin - points[0].At;
        var seasonality = options.Seasonality
            ?? (span >= options.MinSpanForHourOfWeek ? AnomalyBandSeasonality.HourOfWeek
                : span >= options.MinSpanForHourOfDay ? AnomalyBandSeasonality.HourOfDay
                : AnomalyBandSeasonality.None);

        var hours = new double[points.Count];
        var values = new double[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            hours[i] = (points[i].At - origin).TotalHours;
            values[i] = points[i].Value;
        }

        while (true)
        {
            var model = TryTrain(points, hours, values, seasonality, origin, options);
            if (model is not null)
            {
                return model;
            }

            seasonality = seasonality == AnomalyBandSeasonality.HourOfWeek ? AnomalyBandSeasonality.HourOfDay : AnomalyBandSeasonality.None;
        }
    }

    /// <summary>Trains with one seasonality; null when too few buckets have enough points for it.</summary>
    private static AnomalyBandModel? TryTrain(
        List<(DateTimeOffset At, double Value)> points, double[] hours, double[] values,
        AnomalyBandSeasonality seasonality, DateTimeOffset origin, AnomalyBandOptions options)
    {
        var bucketCount = BucketCountOf(seasonality);
        var buckets = new int[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            buckets[i] = BucketOf(points[i].At, options.UtcOffset, seasonality, out _);
        }

        var minPerBucket = bucketCount == 1 ? 1 : options.MinPointsPerBucket;
        var expected = BucketMedians(values, buckets, bucketCount, minPerBucket);
        if (expected is null)
        {
            return null;
        }

        var trend = 0.0;
        if (options.UseTrend)
        {
            // The trend is what the seasonal medians leave over; fit it robustly, take it out, and re-learn the medians.
            var baseline = new AnomalyBandModel(seasonality, options.UtcOffset, 0, origin, expected, new double[bucketCount]);
            trend = FitTrend(points, hours, values, baseline);
            var detrended = new double[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                detrended[i] = values[i] - (trend * hours[i]);
            }

            expected = BucketMedians(detrended, buckets, bucketCount, minPerBucket)!;
        }

        // Spread from residuals against the interpolated curve, not the bucket median: the curve's own
        // slope within an hour is not noise.
        var curve = new AnomalyBandModel(seasonality, options.UtcOffset, trend, origin, expected, new double[bucketCount]);
        var residuals = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            residuals[i] = values[i] - curve.Band(points[i].At, 0).Expected;
        }

        var spread = BucketSpreads(residuals, buckets, bucketCount, minPerBucket);
        var typical = ForecastRobust.Median(spread);
        var level = Math.Abs(ForecastRobust.Median(expected));
        var floor = Math.Max(options.MinSpreadFraction * typical, 1e-9 * (1 + level));
        for (var b = 0; b < bucketCount; b++)
        {
            spread[b] = Math.Max(spread[b], floor);
        }

        return new AnomalyBandModel(seasonality, options.UtcOffset, trend, origin, expected, spread);
    }

    /// <summary>Median per bucket, gaps filled by circular interpolation; null when under half the buckets are filled.</summary>
    private static double[]? BucketMedians(double[] values, int[] buckets, int bucketCount, int minPerBucket)
    {
        var medians = new double[bucketCount];
        var groups = Group(values, buckets, bucketCount);
        var filled = 0;
        for (var b = 0; b < bucketCount; b++)
        {
            medians[b] = groups[b].Count >= minPerBucket ? ForecastRobust.MedianInPlace(groups[b].ToArray()) : double.NaN;
            filled += double.IsNaN(medians[b]) ? 0 : 1;
        }

        if (filled * 2 < bucketCount || filled == 0)
        {
            return null;
        }

        FillGaps(medians);
        return medians;
    }

    private static double[] BucketSpreads(double[] residuals, int[] buckets, int bucketCount, int minPerBucket)
    {
        var spreads = new double[bucketCount];
        var groups = Group(residuals, buckets, bucketCount);
        for (var b = 0; b < bucketCount; b++)
        {
            if (groups[b].Count < minPerBucket)
            {
                spreads[b] = double.NaN;
                continue;
            }

            var residual = groups[b].ToArray();
            spreads[b] = ForecastRobust.RobustSigma(residual, ForecastRobust.MedianInPlace(residual.ToArray()));
        }

        FillGaps(spreads);
        return spreads;
    }

    private static List<double>[] Group(double[] values, int[] buckets, int bucketCount)
    {
        var groups = new List<double>[bucketCount];
        for (var b = 0; b < bucketCount; b++)
        {
            groups[b] = [];
        }

        for (var i = 0; i < values.Length; i++)
        {
            groups[buckets[i]].Add(values[i]);
        }

        return groups;
    }

    /// <summary>Replaces NaN buckets by linear interpolation between the nearest filled buckets, wrapping around.</summary>
    private static void FillGaps(double[] buckets)
    {
        var n = buckets.Length;
        var known = new List<int>();
        for (var b = 0; b < n; b++)
        {
            if (!double.IsNaN(buckets[b]))
            {
                known.Add(b);
            }
        }

        if (known.Count == n || known.Count == 0)
        {
            return;
        }

        for (var k = 0; k < known.Count; k++)
        {
            var from = known[k];
            var to = known[(k + 1) % known.Count];
            var gap = ((to - from + n - 1) % n) + 1;
            for (var step = 1; step < gap; step++)
            {
                buckets[(from + step) % n] = buckets[from] + ((buckets[to] - buckets[from]) * step / gap);
            }
        }
    }

    private static double FitTrend(List<(DateTimeOffset At, double Value)> points, double[] hours, double[] values, AnomalyBandModel baseline)
    {
        var stride = (points.Count + MaxTrendPoints - 1) / MaxTrendPoints;
        var x = new double[(points.Count + stride - 1) / stride];
        var y = new double[x.Length];
        for (int i = 0, k = 0; i < points.Count && k < x.Length; i += stride, k++)
        {
            x[k] = hours[i];
            y[k] = values[i] - baseline.Band(points[i].At, 0).Expected;
        }

        var slope = ForecastRobust.TheilSenSlope(x, y);
        return double.IsFinite(slope) ? slope : 0;
    }
}
