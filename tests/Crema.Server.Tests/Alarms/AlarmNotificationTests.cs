using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Alarms;
using Crema.Server.Notifications;
using Crema.Server.Tests.Notifications;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Alarms;

/// <summary>End to end: waits go up → the alarm fires → a correctly signed webhook arrives; waits come down → OK arrives.</summary>
public sealed class AlarmNotificationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private CremaTestServer _server = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _server = await CremaTestServer.StartAsync(null, new FakeTimeProvider(Start));
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_breaching_wait_sends_a_signed_alarm_notification_and_recovery_sends_ok_and_both_are_in_the_history()
    {
        (await _server.Http.PostAsJsonAsync("api/v1/topics", new CreateTopicRequest { Name = "shop-alerts" }, CremaJson.Options)).EnsureSuccessStatusCode();
        using var sub = await _server.Http.PostAsJsonAsync("api/v1/topics/shop-alerts/subscriptions",
            new SubscribeRequest { Protocol = "webhook", Endpoint = _receiver.Url("hooks/crema") }, CremaJson.Options);
        var secret = (await sub.Content.ReadFromJsonAsync<SubscribeResponse>(CremaJson.Options))!.SigningSecret!;
        using (var put = await _server.Http.PutAsJsonAsync("api/v1/alarms/wait-central", new PutMetricAlarmRequest
        {
            Namespace = "CoffeeShop",
            MetricName = "OrderWait",
            Dimensions = [new DimensionDto("Shop", "Central")],
            Statistic = "p90",
            Period = 60,
            EvaluationPeriods = 3,
            Threshold = 300,
            ComparisonOperator = ">",
            AlarmActions = ["shop-alerts"],
            OkActions = ["shop-alerts"],
        }, CremaJson.Options))
        {
            put.EnsureSuccessStatusCode();
        }

        var alarms = _server.App.Services.GetRequiredService<AlarmService>();
        for (var minute = 0; minute < 3; minute++) await WaitAsync(Start.AddMinutes(minute).AddSeconds(30), 400 + minute);
        _server.Time.SetUtcNow(Start.AddMinutes(3));
        await alarms.EvaluateDueAsync(_server.Time.GetUtcNow(), CancellationToken.None);
        var alarm = await ReceiveAsync(1);
        Assert.Equal("ALARM", alarm["newState"]!.GetValue<string>());
        Assert.Equal("INSUFFICIENT_DATA", alarm["oldState"]!.GetValue<string>());
        Assert.Equal("wait-central", alarm["alarmName"]!.GetValue<string>());
        Assert.Contains("greater than the threshold (300.0)", alarm["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, alarm["recentValues"]!.AsArray().Count);
        Assert.EndsWith("/#/alarms/wait-central", alarm["link"]!.GetValue<string>(), StringComparison.Ordinal);

        for (var minute = 3; minute < 6; minute++) await WaitAsync(Start.AddMinutes(minute).AddSeconds(30), 90);
        _server.Time.SetUtcNow(Start.AddMinutes(6));
        await alarms.EvaluateDueAsync(_server.Time.GetUtcNow(), CancellationToken.None);
        var ok = await ReceiveAsync(2);
        Assert.Equal("OK", ok["newState"]!.GetValue<string>());
        Assert.Equal("ALARM", ok["oldState"]!.GetValue<string>());

        // Every request carried a valid HMAC-SHA256 signature made with this subscription's secret.
        foreach (var r in _receiver.Requests)
        {
            var ts = long.Parse(r.Headers["X-Crema-Timestamp"], CultureInfo.InvariantCulture);
            Assert.Equal(WebhookSignature.Compute(secret, ts, r.Body), r.Headers["X-Crema-Signature"]);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        DescribeAlarmHistoryResponse? history;
        do
        {
            history = await _server.Http.GetFromJsonAsync<DescribeAlarmHistoryResponse>("api/v1/alarms/wait-central/history?historyItemType=Action", CremaJson.Options);
        }
        while (history!.AlarmHistoryItems.Count < 2 && watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(2, history.AlarmHistoryItems.Count);
        Assert.All(history.AlarmHistoryItems, h => Assert.Contains("shop-alerts", h.HistorySummary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_action_naming_a_topic_that_does_not_exist_is_recorded_as_a_failed_action()
    {
        using (var put = await _server.Http.PutAsJsonAsync("api/v1/alarms/no-topic", new PutMetricAlarmRequest
        {
            Namespace = "CoffeeShop",
            MetricName = "OrderWait",
            Statistic = "Maximum",
            Period = 60,
            EvaluationPeriods = 1,
            Threshold = 1,
            ComparisonOperator = ">",
            AlarmActions = ["nobody-listens"],
        }, CremaJson.Options))
        {
            put.EnsureSuccessStatusCode();
        }

        using (await _server.Http.PostAsJsonAsync("api/v1/alarms/no-topic/state", new SetAlarmStateRequest { StateValue = "ALARM", StateReason = "test" }, CremaJson.Options))
        {
        }

        var history = await _server.Http.GetFromJsonAsync<DescribeAlarmHistoryResponse>("api/v1/alarms/no-topic/history?historyItemType=Action", CremaJson.Options);
        var item = Assert.Single(history!.AlarmHistoryItems);
        Assert.Contains("nobody-listens", item.HistorySummary, StringComparison.Ordinal);
    }

    private async Task<JsonObject> ReceiveAsync(int count)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (_receiver.Requests.Count < count && watch.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
        Assert.True(_receiver.Requests.Count >= count, $"{_receiver.Requests.Count} notifications arrived, expected {count}");
        return JsonNode.Parse(_receiver.Requests[count - 1].Body)!.AsObject();
    }

    private Task WaitAsync(DateTimeOffset at, double seconds) =>
        _server.Client.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "CoffeeShop",
            MetricData = [new MetricDatumDto { MetricName = "OrderWait", Dimensions = [new DimensionDto("Shop", "Central")], Value = seconds, Timestamp = at }],
        });
}
