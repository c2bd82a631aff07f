using Crema.Core.Alarms;

namespace Crema.Core.Tests.Alarms;

public sealed class ForecastTests
{
    private static readonly DateTimeOffset s_now = new(2025, 3, 14, 10, 10, 0, TimeSpan.Zero);

    private static List<(DateTimeOffset At, double Value)> Line(
        double valueNow, double slopePerHour, int minutes, double stepMinutes = 1, Func<int, double>? noise = null)
    {
        var points = new List<(DateTimeOffset, double)>();
        var i = 0;
        for (var m = -minutes + stepMinutes; m <= 0.0001; m += stepMinutes, i++)
        {
            points.Add((s_now.AddMinutes(m), valueNow + (slopePerHour * m / 60) + (noise?.Invoke(i) ?? 0)));
        }

        return points;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Exact_falling_line_gives_the_exact_crossing_time_and_a_sentence()
    {
        var points = Line(valueNow: 6.2 * 25 / 60, slopePerHour: -6.2, minutes: 60);
        var result = Forecast.TimeToCross(points, 0, s_now, new ForecastOptions { SeriesName = "StockMilkLitres" });

        Assert.Equal(ForecastStatus.Crossing, result.Status);
        Assert.Equal(-6.2, result.SlopePerHour, 9);
        Assert.Equal(s_now.AddMinutes(25).UtcTicks, result.CrossesAt!.Value.UtcTicks, (double)TimeSpan.TicksPerMillisecond);
        Assert.Equal(TimeSpan.FromMinutes(25).TotalSeconds, result.TimeToCross!.Value.TotalSeconds, 3);
        Assert.Equal(1, result.RSquared, 9);
        Assert.Equal(1, result.Confidence, 9);
        Assert.Equal(60, result.PointsUsed);
        Assert.Null(result.StepAt);
        Assert.Equal("StockMilkLitres falls by 6.2 per hour; it reaches 0.0 in about 25 minutes (at 10:35)", result.Sentence);
    }

    [Fact]
    public void Rising_line_crosses_an_upper_level_with_irregular_timestamps()
    {
        var random = new Random(5);
        var points = new List<(DateTimeOffset, double)>();
        for (var seconds = -3500.0; seconds <= 0; seconds += 5 + (random.NextDouble() * 110))
        {
            points.Add((s_now.AddSeconds(seconds), 4 + (3 * seconds / 3600)));
        }

        var result = Forecast.TimeToCross(points, 10, s_now, new ForecastOptions { SeriesName = "WaitMinutes", DisplayOffset = TimeSpan.FromHours(1) });

        Assert.Equal(ForecastStatus.Crossing, result.Status);
        Assert.Null(result.StepAt);
        Assert.Equal(3, result.SlopePerHour, 9);
        Assert.Equal(s_now.AddHours(2).UtcTicks, result.CrossesAt!.Value.UtcTicks, (double)TimeSpan.TicksPerMillisecond);
        Assert.Equal("WaitMinutes rises by 3.0 per hour; it reaches 10.0 in about 2 hours (at 13:10)", result.Sentence);
    }

    [Fact]
    public void Noisy_line_with_outliers_lands_near_the_true_crossing()
    {
        var worst = TimeSpan.Zero;
        for (var seed = 0; seed < 30; seed++)
        {
            var random = new Random(seed);
            var points = Line(valueNow: 3, slopePerHour: -6, minutes: 60, noise: _ => 0.3 * Gaussian(random));
            // Three isolated wild readings (sensor glitches), one in each third of the window, that a
            // least-squares fit would chase and a naive step detector would take for restocks.
            for (var k = 0; k < 3; k++)
            {
                var i = (k * 20) + random.Next(20);
                points[i] = (points[i].At, points[i].Value + 40);
            }

            var result = Forecast.TimeToCross(points, 0, s_now);
            Assert.Equal(ForecastStatus.Crossing, result.Status);
            Assert.InRange(result.SlopePerHour, -6.8, -5.2);
            Assert.True(result.Confidence > 0.99, $"seed {seed}: confidence {result.Confidence}");
            Assert.True(result.StepAt is null, $"seed {seed}: a glitch was taken for a step at {result.StepAt}");
            Assert.InRange(result.ResidualStdDev, 0.15, 0.45);
            var error = (result.CrossesAt!.Value - s_now.AddMinutes(30)).Duration();
            worst = error > worst ? error : worst;
        }

        // The true crossing is 30 minutes ahead; 0.3 noise on 60 points pins it to a few minutes.
        Assert.True(worst < TimeSpan.FromMinutes(4), $"worst error {worst}");
    }

    [Fact]
    public void Series_moving_away_or_flat_is_not_heading_for_the_level()
    {
        var rising = Forecast.TimeToCross(Line(20, 6, 60), 0, s_now);
        Assert.Equal(ForecastStatus.NotHeading, rising.Status);
        Assert.Null(rising.CrossesAt);
        Assert.Null(rising.TimeToCross);
        Assert.Equal(6, rising.SlopePerHour, 9);
        Assert.Equal("The series rises by 6.0 per hour; it is not heading towards 0.0", rising.Sentence);

        var flat = Forecast.TimeToCross(Line(20, 0, 60), 0, s_now);
        Assert.Equal(ForecastStatus.NotHeading, flat.Status);
        Assert.Contains("is flat", flat.Sentence, StringComparison.Ordinal);

        // Already below the level and still falling: it crossed before the window, so nothing to forecast.
        var below = Forecast.TimeToCross(Line(-5, -6, 30), 0, s_now);
        Assert.Equal(ForecastStatus.NotHeading, below.Status);
    }

    [Fact]
    public void Flat_noisy_series_has_low_confidence()
    {
        var random = new Random(11);
        var result = Forecast.TimeToCross(Line(20, 0, 60, noise: _ => Gaussian(random)), 0, s_now);
        Assert.True(result.Confidence < 0.9, $"confidence {result.Confidence}");
        Assert.True(result.RSquared < 0.2, $"R² {result.RSquared}");
    }

    [Fact]
    public void Restock_inside_the_window_is_cut_off_and_only_later_points_are_fitted()
    {
        // Falls 6 per hour, restocked by 20 litres 20 minutes ago, keeps falling at the same rate.
        var points = Line(valueNow: 5, slopePerHour: -6, minutes: 60);
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].At <= s_now.AddMinutes(-20))
            {
                points[i] = (points[i].At, points[i].Value - 20);
            }
        }

        var result = Forecast.TimeToCross(points, 0, s_now);
        Assert.Equal(ForecastStatus.Crossing, result.Status);
        Assert.Equal(s_now.AddMinutes(-19), result.StepAt);
        Assert.Equal(20, result.PointsUsed);
        Assert.Equal(-6, result.SlopePerHour, 9);
        Assert.Equal(s_now.AddMinutes(50).UtcTicks, result.CrossesAt!.Value.UtcTicks, (double)TimeSpan.TicksPerMillisecond);

        // Without the cut the fit would sit on the 40 pre-restock points, 20 litres lower, and miss the crossing.
        var noStepThatLarge = new ForecastOptions { StepThreshold = 100 };
        var uncut = Forecast.TimeToCross(points, 0, s_now, noStepThatLarge);
        Assert.Null(uncut.StepAt);
        Assert.Equal(-15, uncut.ValueNow, 6);
        Assert.Equal(ForecastStatus.NotHeading, uncut.Status);
    }

    [Fact]
    public void Noisy_restock_is_detected_with_the_automatic_threshold_and_with_a_fixed_one()
    {
        var random = new Random(3);
        var points = Line(valueNow: 5, slopePerHour: -6, minutes: 60, noise: _ => 0.2 * Gaussian(random));
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].At <= s_now.AddMinutes(-30))
            {
                points[i] = (points[i].At, points[i].Value - 15);
            }
        }

        foreach (var options in new[] { ForecastOptions.Default, new ForecastOptions { StepThreshold = 5 } })
        {
            var result = Forecast.TimeToCross(points, 0, s_now, options);
            Assert.Equal(s_now.AddMinutes(-29), result.StepAt);
            Assert.Equal(30, result.PointsUsed);
            Assert.InRange((result.CrossesAt!.Value - s_now).TotalMinutes, 40, 60);
        }
    }

    [Fact]
    public void Too_few_points_give_no_forecast_and_say_why()
    {
        var result = Forecast.TimeToCross(Line(5, -6, 3), 0, s_now);
        Assert.Equal(ForecastStatus.TooFewPoints, result.Status);
        Assert.Null(result.CrossesAt);
        Assert.True(double.IsNaN(result.SlopePerHour));
        Assert.Equal("The series: no forecast, only 3 points in the last 60 minutes; a forecast needs 5", result.Sentence);

        // Points older than the window, later than now, or not finite do not count.
        var mixed = Line(5, -6, 3);
        mixed.Add((s_now.AddHours(-2), 1));
        mixed.Add((s_now.AddMinutes(1), 1));
        mixed.Add((s_now.AddSeconds(-10), double.NaN));
        Assert.Equal(ForecastStatus.TooFewPoints, Forecast.TimeToCross(mixed, 0, s_now).Status);

        var restockedLately = Line(valueNow: 5, slopePerHour: -6, minutes: 60);
        for (var i = 0; i < restockedLately.Count - 3; i++)
        {
            restockedLately[i] = (restockedLately[i].At, restockedLately[i].Value - 20);
        }

        var afterStep = Forecast.TimeToCross(restockedLately, 0, s_now);
        Assert.Equal(ForecastStatus.TooFewPoints, afterStep.Status);
        Assert.Equal(s_now.AddMinutes(-2), afterStep.StepAt);
        Assert.Equal("The series: no forecast, only 3 points since the step at 10:08; a forecast needs 5", afterStep.Sentence);
    }

    [Fact]
    public void A_line_that_crossed_inside_the_window_is_already_past_the_level()
    {
        var result = Forecast.TimeToCross(Line(valueNow: -1, slopePerHour: -6, minutes: 60), 0, s_now);
        Assert.Equal(ForecastStatus.AlreadyCrossed, result.Status);
        Assert.Equal(s_now.AddMinutes(-10).UtcTicks, result.CrossesAt!.Value.UtcTicks, (double)TimeSpan.TicksPerMillisecond);
        Assert.Equal(TimeSpan.Zero, result.TimeToCross);
        Assert.Equal("The series falls by 6.0 per hour; it reached 0.0 about 10 minutes ago (at 10:00)", result.Sentence);
    }

    [Fact]
    public void Crossings_past_the_horizon_are_reported_as_such()
    {
        var result = Forecast.TimeToCross(Line(1000, -1, 60), 0, s_now, new ForecastOptions { MaxHorizon = TimeSpan.FromDays(1) });
        Assert.Equal(ForecastStatus.BeyondHorizon, result.Status);
        Assert.Null(result.CrossesAt);
        Assert.Equal("The series falls by 1.0 per hour; it would reach 0.0 only after more than 24 hours", result.Sentence);

        var far = Forecast.TimeToCross(Line(100, -1, 60), 0, s_now);
        Assert.Equal(ForecastStatus.Crossing, far.Status);
        Assert.EndsWith("in about 4 days (at 2025-03-18 14:10)", far.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_points_are_thinned_but_still_fit_exactly()
    {
        var points = Line(valueNow: 50, slopePerHour: -10, minutes: 60, stepMinutes: 1.0 / 60);
        var result = Forecast.TimeToCross(points, 0, s_now, new ForecastOptions { MaxFitPoints = 100 });
        Assert.Equal(3600, points.Count);
        Assert.Equal(100, result.PointsUsed);
        Assert.Equal(-10, result.SlopePerHour, 6);
        Assert.Equal(5 * 60, result.TimeToCross!.Value.TotalMinutes, 3);
    }

    [Theory]
    [InlineData(0.4, "1 minute")]
    [InlineData(1, "1 minute")]
    [InlineData(25.4, "25 minutes")]
    [InlineData(119, "119 minutes")]
    [InlineData(150, "2.5 hours")]
    [InlineData(47 * 60, "47 hours")]
    [InlineData(3.2 * 24 * 60, "3 days")]
    public void Durations_read_in_the_unit_people_use(double minutes, string text)
    {
        Assert.Equal(text, Forecast.Duration(TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void Invalid_options_name_the_field()
    {
        var points = Line(5, -6, 60);
        Assert.Equal("MinPoints", Assert.Throws<ArgumentException>(() => Forecast.TimeToCross(points, 0, s_now, new ForecastOptions { MinPoints = 1 })).ParamName);
        Assert.Equal("Window", Assert.Throws<ArgumentException>(() => Forecast.TimeToCross(points, 0, s_now, new ForecastOptions { Window = TimeSpan.Zero })).ParamName);
        Assert.Equal("StepThreshold", Assert.Throws<ArgumentException>(() => Forecast.TimeToCross(points, 0, s_now, new ForecastOptions { StepThreshold = -1 })).ParamName);
        Assert.Equal("level", Assert.Throws<ArgumentException>(() => Forecast.TimeToCross(points, double.NaN, s_now)).ParamName);
    }
}
