using Crema.Core.Alarms;

namespace Crema.Core.Tests.Alarms;

public sealed class ForecastSlopeChangeTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_change_of_slope_on_a_noiseless_series_is_not_taken_for_a_restock()
    {
        var points = new List<(DateTimeOffset, double)>();
        for (var m = 0; m < 45; m++) points.Add((T0.AddMinutes(m), 10 - (0.1 * m)));
        for (var m = 45; m < 60; m++) points.Add((T0.AddMinutes(m), 5.5 - (0.01 * (m - 45))));
        var result = Forecast.TimeToCross(points, 2, T0.AddMinutes(60));
        Assert.Null(result.StepAt);
        Assert.NotEqual(ForecastStatus.TooFewPoints, result.Status);
    }

    [Fact]
    public void A_restock_on_a_noiseless_series_is_still_a_step()
    {
        var points = new List<(DateTimeOffset, double)>();
        for (var m = 0; m < 45; m++) points.Add((T0.AddMinutes(m), 10 - (0.1 * m)));
        for (var m = 45; m < 60; m++) points.Add((T0.AddMinutes(m), 12 - (0.1 * (m - 45))));
        var result = Forecast.TimeToCross(points, 2, T0.AddMinutes(60));
        Assert.Equal(T0.AddMinutes(45), result.StepAt);
        Assert.Equal(15, result.PointsUsed);
    }
}
