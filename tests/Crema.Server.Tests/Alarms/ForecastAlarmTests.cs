using System.Net;
using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Alarms;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Alarms;

/// <summary>"Tell me before the milk runs out": a forecast alarm on a falling stock level.</summary>
public sealed class ForecastAlarmTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private CremaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await CremaTestServer.StartAsync(null, new FakeTimeProvider(Start));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static PutMetricAlarmRequest MilkRunsOutSoon() => new()
    {
        AlarmDescription = "milk runs out within 30 minutes at the current rate",
        Namespace = "CoffeeShop",
        MetricName = "StockMilkLitres",
        Dimensions = [new DimensionDto("Shop", "Central")],
        Statistic = "Average",
        Period = 60,
        EvaluationPeriods = 1,
        Threshold = 2,
        ComparisonOperator = "<",
        Forecast = new AlarmForecastDto { HorizonSeconds = 1800, WindowSeconds = 3600 },
    };

    [Fact]
    public async Task A_falling_stock_turns_the_alarm_on_when_the_crossing_comes_within_the_horizon_and_a_restock_clears_it()
    {
        using (var put = await _server.Http.PutAsJsonAsync("api/v1/alarms/milk-soon", MilkRunsOutSoon(), CremaJson.Options))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        var alarms = _server.App.Services.GetRequiredService<AlarmService>();

        // 10 litres at 08:00, 0.1 litre a minute: 2 litres is reached at 09:20.
        for (var minute = 0; minute <= 20; minute++) await MilkAsync(minute, 10 - (0.1 * minute));
        await EvaluateAtAsync(21, alarms);
        var early = await DescribeAsync();
        Assert.True(early.StateValue == "OK", early.StateReason);
        Assert.Contains("Forecast clear", early.StateReason, StringComparison.Ordinal);

        for (var minute = 21; minute <= 55; minute++) await MilkAsync(minute, 10 - (0.1 * minute));
        await EvaluateAtAsync(56, alarms);
        var soon = await DescribeAsync();
        Assert.Equal("ALARM", soon.StateValue);
        Assert.Contains("reaches 2.0 in about 2", soon.StateReason, StringComparison.Ordinal);
        Assert.Equal("Crossing", soon.StateReasonData!["forecast"]!["status"]!.GetValue<string>());

        // The delivery arrives: the stock jumps back to 12 litres and falls slowly.
        for (var minute = 56; minute <= 70; minute++) await MilkAsync(minute, 12 - (0.01 * (minute - 56)));
        await EvaluateAtAsync(71, alarms);
        var after = await DescribeAsync();
        Assert.True(after.StateValue == "OK", after.StateReason);
    }

    [Fact]
    public async Task A_forecast_alarm_without_a_threshold_or_with_a_band_operator_is_refused_by_field()
    {
        using var noLevel = await _server.Http.PutAsJsonAsync("api/v1/alarms/x", MilkRunsOutSoon() with { Threshold = null }, CremaJson.Options);
        Assert.Equal(HttpStatusCode.BadRequest, noLevel.StatusCode);
        Assert.Contains("threshold", await noLevel.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var shortWindow = await _server.Http.PutAsJsonAsync("api/v1/alarms/x", MilkRunsOutSoon() with { Forecast = new AlarmForecastDto { WindowSeconds = 120 } }, CremaJson.Options);
        Assert.Contains("forecast.windowSeconds", await shortWindow.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task EvaluateAtAsync(int minute, AlarmService alarms)
    {
        _server.Time.SetUtcNow(Start.AddMinutes(minute));
        await alarms.EvaluateDueAsync(_server.Time.GetUtcNow(), CancellationToken.None);
    }

    private async Task<MetricAlarmDto> DescribeAsync() =>
        (await _server.Http.GetFromJsonAsync<MetricAlarmDto>("api/v1/alarms/milk-soon", CremaJson.Options))!;

    private Task MilkAsync(int minute, double litres) =>
        _server.Client.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "CoffeeShop",
            MetricData = [new MetricDatumDto { MetricName = "StockMilkLitres", Dimensions = [new DimensionDto("Shop", "Central")], Value = litres, Timestamp = Start.AddMinutes(minute).AddSeconds(30) }],
        });
}
