using Crema.Core.Alarms;

namespace Crema.Core.Tests.Alarms;

public sealed class AnomalyBandModelTests
{
    // A Monday, so weeks in the data line up with calendar weeks.
    private static readonly DateTimeOffset s_start = new(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);

    private const double Noise = 2;

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Coffees per 5 minutes: quiet at night, a morning peak.</summary>
    private static double DailyShape(DateTimeOffset at) => 50 + (20 * Math.Sin(2 * Math.PI * (at.TimeOfDay.TotalHours - 6) / 24));

    private static List<(DateTimeOffset At, double Value)> Series(
        DateTimeOffset from, TimeSpan length, Func<DateTimeOffset, double> truth, Random random, double noise = Noise)
    {
        var points = new List<(DateTimeOffset, double)>();
        for (var at = from; at < from + length; at = at.AddMinutes(5))
        {
            points.Add((at, truth(at) + (noise * Gaussian(random))));
        }

        return points;
    }

    [Fact]
    public void Band_covers_normal_points_and_excludes_injected_spikes()
    {
        var random = new Random(42);
        var history = Series(s_start, TimeSpan.FromDays(10), DailyShape, random);
        // 1 % of training points are wild (a till double-counting); the band must not chase them.
        for (var k = 0; k < history.Count / 100; k++)
        {
            var i = random.Next(history.Count);
            history[i] = (history[i].At, history[i].Value + 40);
        }

        var model = AnomalyBandModel.Train(history, AnomalyBandOptions.Default);
        Assert.Equal(AnomalyBandSeasonality.HourOfDay, model.Seasonality);

        var fresh = Series(s_start.AddDays(10), TimeSpan.FromDays(3), DailyShape, random);
        var inside = 0;
        var worstExpected = 0.0;
        foreach (var (at, value) in fresh)
        {
            var (lower, expected, upper) = model.Band(at, 2);
            inside += value >= lower && value <= upper ? 1 : 0;
            worstExpected = Math.Max(worstExpected, Math.Abs(expected - DailyShape(at)));
        }

        var coverage = (double)inside / fresh.Count;
        // ±2 σ holds 95.4 % of a normal distribution; estimation error in 24 buckets costs a little.
        Assert.InRange(coverage, 0.93, 0.985);
        Assert.True(worstExpected < 1.5, $"expected strays {worstExpected} from the true curve");

        for (var k = 0; k < 50; k++)
        {
            var (at, _) = fresh[random.Next(fresh.Count)];
            var (lower, _, upper) = model.Band(at, 2);
            Assert.True(DailyShape(at) + 15 > upper, $"spike at {at} inside the band");
            Assert.True(DailyShape(at) - 15 < lower, $"dip at {at} inside the band");
        }
    }

    [Fact]
    public void A_single_huge_outlier_in_training_barely_moves_the_band()
    {
        var random = new Random(7);
        var history = Series(s_start, TimeSpan.FromDays(5), DailyShape, random);
        var clean = AnomalyBandModel.Train(history, AnomalyBandOptions.Default);
        history[history.Count / 2] = (history[history.Count / 2].At, 1e12);
        var polluted = AnomalyBandModel.Train(history, AnomalyBandOptions.Default);

        for (var minutes = 0; minutes < 24 * 60; minutes += 7)
        {
            var at = s_start.AddDays(5).AddMinutes(minutes);
            var a = clean.Band(at, 2);
            var b = polluted.Band(at, 2);
            Assert.InRange(b.Expected - a.Expected, -0.5, 0.5);
            Assert.InRange(b.Upper - a.Upper, -1, 1);
        }
    }

    [Fact]
    public void Hour_of_week_learns_a_weekend_pattern_that_hour_of_day_cannot()
    {
        // Weekdays busy, weekends a third as busy; three weeks of history.
        static double Truth(DateTimeOffset at) =>
            (at.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 20 : 60) + (10 * Math.Sin(2 * Math.PI * at.TimeOfDay.TotalHours / 24));

        var random = new Random(9);
        var history = Series(s_start, TimeSpan.FromDays(21), Truth, random, noise: 1);
        var model = AnomalyBandModel.Train(history, AnomalyBandOptions.Default);
        Assert.Equal(AnomalyBandSeasonality.HourOfWeek, model.Seasonality);
        Assert.Equal(168, model.BucketCount);

        var saturdayNoon = new DateTimeOffset(2025, 3, 29, 12, 30, 0, TimeSpan.Zero);
        var wednesdayNoon = new DateTimeOffset(2025, 3, 26, 12, 30, 0, TimeSpan.Zero);
        Assert.Equal(Truth(saturdayNoon), model.Band(saturdayNoon, 2).Expected, 0.6);
        Assert.Equal(Truth(wednesdayNoon), model.Band(wednesdayNoon, 2).Expected, 0.6);
        Assert.True(model.Band(saturdayNoon, 3).Upper < 30, "a weekday level on a Saturday would be anomalous");

        // The same data seen only by hour of day blurs the weekend into the weekday level.
        var daily = AnomalyBandModel.Train(history, new AnomalyBandOptions { Seasonality = AnomalyBandSeasonality.HourOfDay });
        Assert.True(daily.Band(saturdayNoon, 2).Expected > 40);
    }

    [Theory]
    [InlineData(1, AnomalyBandSeasonality.None)]
    [InlineData(3, AnomalyBandSeasonality.HourOfDay)]
    [InlineData(13, AnomalyBandSeasonality.HourOfDay)]
    [InlineData(15, AnomalyBandSeasonality.HourOfWeek)]
    public void Seasonality_follows_the_history_span(int days, AnomalyBandSeasonality seasonality)
    {
        var history = Series(s_start, TimeSpan.FromDays(days), DailyShape, new Random(days));
        Assert.Equal(seasonality, AnomalyBandModel.Train(history).Seasonality);
    }

    [Fact]
    public void Sparse_history_falls_back_to_a_coarser_seasonality()
    {
        // Three weeks but one point every 5 hours: no hour-of-week bucket gets 3 points.
        var history = new List<(DateTimeOffset, double)>();
        for (var h = 0; h < 21 * 24; h += 5)
        {
            history.Add((s_start.AddHours(h), 10 + (h % 7)));
        }

        var model = AnomalyBandModel.Train(history);
        Assert.Equal(AnomalyBandSeasonality.HourOfDay, model.Seasonality);
    }

    [Fact]
    public void Global_level_is_the_median_and_the_spread_is_robust()
    {
        var random = new Random(1);
        var history = Series(s_start, TimeSpan.FromHours(20), _ => 100, random, noise: 3);
        history.Add((s_start.AddHours(21), 1e9));
        var model = AnomalyBandModel.Train(history);
        Assert.Equal(AnomalyBandSeasonality.None, model.Seasonality);

        var values = history.Select(p => p.Value).Order().ToArray();
        var naiveMedian = (values[(values.Length - 1) / 2] + values[values.Length / 2]) / 2;
        var (lower, expected, upper) = model.Band(s_start.AddDays(1), 1);
        Assert.Equal(naiveMedian, expected, 9);
        Assert.InRange((upper - lower) / 2, 2.5, 3.5);
    }

    [Fact]
    public void Band_is_smooth_across_bucket_boundaries()
    {
        var model = AnomalyBandModel.Train(Series(s_start, TimeSpan.FromDays(15), DailyShape, new Random(4)));
        var previous = model.Band(s_start.AddDays(15), 2);
        for (var minute = 1; minute <= 7 * 24 * 60; minute++)
        {
            var current = model.Band(s_start.AddDays(15).AddMinutes(minute), 2);
            // The true curve moves at most 0.09 per minute; a stepped band would jump by whole bucket differences.
            Assert.InRange(current.Expected - previous.Expected, -0.2, 0.2);
            Assert.InRange(current.Upper - previous.Upper, -0.2, 0.2);
            previous = current;
        }
    }

    [Fact]
    public void Trend_is_learned_and_extrapolated_when_asked()
    {
        static double Truth(DateTimeOffset at) => DailyShape(at) + (0.25 * (at - s_start).TotalHours);

        var random = new Random(12);
        var history = Series(s_start, TimeSpan.FromDays(6), Truth, random);
        var withTrend = AnomalyBandModel.Train(history, new AnomalyBandOptions { UseTrend = true });
        var without = AnomalyBandModel.Train(history);
        Assert.InRange(withTrend.TrendPerHour, 0.23, 0.27);
        Assert.Equal(0, without.TrendPerHour);

        var fresh = Series(s_start.AddDays(6), TimeSpan.FromDays(1), Truth, random);
        Assert.True(Coverage(withTrend, fresh) > 0.92, $"coverage with trend {Coverage(withTrend, fresh)}");
        // Without the trend the baseline sits at the history's middle and the growth inflates the spread.
        var at = s_start.AddDays(6.5);
        Assert.Equal(Truth(at), withTrend.Band(at, 2).Expected, 1.5);
        Assert.True(Truth(at) - without.Band(at, 2).Expected > 15);
        Assert.True(withTrend.BucketSpread(0) < without.BucketSpread(0) / 3);
    }

    [Fact]
    public void Local_time_offset_puts_the_pattern_in_the_right_hours()
    {
        var offset = TimeSpan.FromHours(-5);
        // The shop's peak is at 09:00 local = 14:00 UTC.
        double Truth(DateTimeOffset at) => at.ToOffset(offset).Hour == 9 ? 80 : 20;
        var history = Series(s_start, TimeSpan.FromDays(4), Truth, new Random(2), noise: 0.5);
        var model = AnomalyBandModel.Train(history, new AnomalyBandOptions { UtcOffset = offset });
        Assert.Equal(80, model.BucketExpected(9), 0.5);
        Assert.Equal(20, model.BucketExpected(14), 0.5);
    }

    [Fact]
    public void Json_round_trip_gives_identical_bands()
    {
        var random = new Random(21);
        var history = Series(s_start, TimeSpan.FromDays(15), DailyShape, random);
        var model = AnomalyBandModel.Train(history, new AnomalyBandOptions { UseTrend = true, UtcOffset = TimeSpan.FromMinutes(90) });
        var json = model.ToJson();
        Assert.True(AnomalyBandModel.TryFromJson(json, out var read, out var error), error);
        Assert.Equal(json, read!.ToJson());
        Assert.Equal(model.Seasonality, read.Seasonality);
        Assert.Equal(model.UtcOffset, read.UtcOffset);
        Assert.Equal(model.TrendOrigin, read.TrendOrigin);
        for (var k = 0; k < 1000; k++)
        {
            var at = s_start.AddMinutes(random.Next(40 * 24 * 60)).AddTicks(random.Next());
            Assert.Equal(model.Band(at, 2.5), read.Band(at, 2.5));
        }

        Assert.True(json.Length < 168 * 2 * 24, $"json is {json.Length} characters");
    }

    [Theory]
    [InlineData("not json", "the text is not JSON")]
    [InlineData("[]", "the model must be a JSON object")]
    [InlineData("{\"v\":2}", "v must be 1")]
    [InlineData("{\"v\":1,\"seasonality\":\"Hourly\"}", "seasonality must be one of None, HourOfDay, HourOfWeek")]
    [InlineData("{\"v\":1,\"seasonality\":\"None\",\"utcOffsetMinutes\":900}", "utcOffsetMinutes must be a whole number of minutes within ±840")]
    [InlineData("{\"v\":1,\"seasonality\":\"None\",\"utcOffsetMinutes\":0,\"trendPerHour\":\"x\"}", "trendPerHour must be a finite number")]
    [InlineData("{\"v\":1,\"seasonality\":\"None\",\"utcOffsetMinutes\":0,\"trendPerHour\":0,\"trendOrigin\":\"yesterday\"}", "trendOrigin must be a UTC time")]
    [InlineData("{\"v\":1,\"seasonality\":\"HourOfDay\",\"utcOffsetMinutes\":0,\"trendPerHour\":0,\"trendOrigin\":\"2025-03-03T00:00:00.0000000Z\",\"expected\":[1],\"spread\":[1]}", "expected must be an array of 24 numbers")]
    [InlineData("{\"v\":1,\"seasonality\":\"None\",\"utcOffsetMinutes\":0,\"trendPerHour\":0,\"trendOrigin\":\"2025-03-03T00:00:00.0000000Z\",\"expected\":[1],\"spread\":[-1]}", "spread[0] must be a finite number ≥ 0")]
    public void Malformed_json_is_refused_with_the_field_and_rule(string json, string problem)
    {
        Assert.False(AnomalyBandModel.TryFromJson(json, out var model, out var error));
        Assert.Null(model);
        Assert.StartsWith(problem, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_little_history_or_a_bad_width_is_refused()
    {
        var two = new List<(DateTimeOffset, double)> { (s_start, 1), (s_start.AddMinutes(1), double.NaN), (s_start.AddMinutes(2), 2) };
        Assert.Equal("history", Assert.Throws<ArgumentException>(() => AnomalyBandModel.Train(two)).ParamName);
        var model = AnomalyBandModel.Train(Series(s_start, TimeSpan.FromHours(1), _ => 5, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Band(s_start, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Band(s_start, double.NaN));
    }

    private static double Coverage(AnomalyBandModel model, List<(DateTimeOffset At, double Value)> points)
    {
        var inside = 0;
        foreach (var (at, value) in points)
        {
            var (lower, _, upper) = model.Band(at, 2);
            inside += value >= lower && value <= upper ? 1 : 0;
        }

        return (double)inside / points.Count;
    }
}
