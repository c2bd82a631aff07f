using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Alarms;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Alarms;

/// <summary>An anomaly-band alarm learns the daily shape of coffees sold and fires on a value outside it.</summary>
public sealed class AnomalyBandAlarmTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 3, 20, 12, 0, 0, TimeSpan.Zero);
    private CremaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await CremaTestServer.StartAsync(null, new FakeTimeProvider(Now));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static double Normal(DateTimeOffset at, Random rng) => 100 + (50 * Math.Sin(2 * Math.PI * at.Hour / 24.0)) + (rng.NextDouble() * 6) - 3;

    [Fact]
    public async Task A_value_far_outside_the_learned_daily_band_fires_and_a_normal_one_clears_it()
    {
        var rng = new Random(7);
        var data = new List<MetricDatumDto>();
        for (var at = Now.AddDays(-13); at < Now.AddHours(-1); at = at.AddHours(1))
        {
            data.Add(new MetricDatumDto { MetricName = "CoffeesSold", Value = Normal(at, rng), Timestamp = at.AddMinutes(30) });
        }

        await _server.PutAsync("CoffeeShop", data);
        var spikeHour = Now.AddHours(-1);
        await _server.PutAsync("CoffeeShop", [new MetricDatumDto { MetricName = "CoffeesSold", Value = 400, Timestamp = spikeHour.AddMinutes(30) }]);
        using (var put = await _server.Http.PutAsJsonAsync("api/v1/alarms/sales-odd", new PutMetricAlarmRequest
        {
            Metrics =
            [
                new AlarmMetricQueryDto { Id = "m1", ReturnData = true, MetricStat = new MetricStatDto { Metric = new MetricDto { Namespace = "CoffeeShop", MetricName = "CoffeesSold" }, Period = 3600, Stat = "Sum" } },
                new AlarmMetricQueryDto { Id = "ad1", Expression = "ANOMALY_DETECTION_BAND(m1, 3)", ReturnData = true },
            ],
            ThresholdMetricId = "ad1",
            EvaluationPeriods = 1,
            ComparisonOperator = "LessThanLowerOrGreaterThanUpperThreshold",
        }, CremaJson.Options))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        var alarm = await _server.Http.GetFromJsonAsync<MetricAlarmDto>("api/v1/alarms/sales-odd", CremaJson.Options);
        Assert.True(alarm!.StateValue == "ALARM", alarm.StateReason);

        var band = await _server.Http.GetFromJsonAsync<JsonObject>($"api/v1/alarms/sales-odd/band?from={Uri.EscapeDataString(Now.AddDays(-1).ToString("o"))}&to={Uri.EscapeDataString(Now.ToString("o"))}", CremaJson.Options);
        var points = band!["points"]!.AsArray();
        Assert.Equal(24, points.Count);
        foreach (var p in points)
        {
            var expected = p!["expected"]!.GetValue<double>();
            var truth = 100 + (50 * Math.Sin(2 * Math.PI * p["timestamp"]!.GetValue<DateTimeOffset>().Hour / 24.0));
            Assert.InRange(expected, truth - 10, truth + 10);
            Assert.True(p["lower"]!.GetValue<double>() < expected && expected < p["upper"]!.GetValue<double>());
        }

        // The next hour is ordinary again.
        await _server.PutAsync("CoffeeShop", [new MetricDatumDto { MetricName = "CoffeesSold", Value = Normal(Now, rng), Timestamp = Now.AddMinutes(30) }]);
        _server.Time.SetUtcNow(Now.AddHours(1));
        await _server.App.Services.GetRequiredService<AlarmService>().EvaluateDueAsync(_server.Time.GetUtcNow(), CancellationToken.None);
        var after = await _server.Http.GetFromJsonAsync<MetricAlarmDto>("api/v1/alarms/sales-odd", CremaJson.Options);
        Assert.True(after!.StateValue == "OK", after.StateReason);
    }

    [Fact]
    public async Task A_band_operator_without_a_band_expression_is_refused_by_field()
    {
        using var put = await _server.Http.PutAsJsonAsync("api/v1/alarms/x", new PutMetricAlarmRequest
        {
            Metrics = [new AlarmMetricQueryDto { Id = "m1", ReturnData = true, MetricStat = new MetricStatDto { Metric = new MetricDto { Namespace = "CoffeeShop", MetricName = "CoffeesSold" }, Period = 3600, Stat = "Sum" } }],
            ThresholdMetricId = "m1",
            EvaluationPeriods = 1,
            ComparisonOperator = "GreaterThanUpperThreshold",
        }, CremaJson.Options);
        Assert.Contains("thresholdMetricId", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
