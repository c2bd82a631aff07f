using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Alarms;
using Crema.Server.Tests.Notifications;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Alarms;

/// <summary>End to end: a muted alarm changes state but sends nothing and says so in its history; once the window is over it notifies again.</summary>
public sealed class MuteTests : IAsyncLifetime
{
    // Monday 10 March 2025, 16:50 UTC (17:50 in Berlin). Jumps of the fake clock stay short: each one runs every
    // 50 ms timer of the server once per tick it skips.
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 16, 50, 0, TimeSpan.Zero);
    private readonly string _dir = CremaTestServer.NewTempDirectory();
    private CremaTestServer _server = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _server = await CremaTestServer.StartAsync(_dir, new FakeTimeProvider(Start));
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _server.DisposeAsync();
        CremaTestServer.DeleteDirectory(_dir);
    }

    [Fact]
    public async Task A_muted_alarm_changes_state_without_notifying_and_notifies_again_once_the_window_has_ended()
    {
        await SubscribeAsync();
        await PutAlarmAsync("wait-central");
        var window = await _server.Client.PutMuteAsync(new PutMuteRequest
        {
            Name = "till-upgrade",
            AlarmNamePatterns = ["wait-*"],
            Reason = "upgrading the tills",
            StartTime = Start,
            EndTime = Start.AddMinutes(30),
        });
        Assert.Equal("ACTIVE", window.Status);
        Assert.Equal(Start.AddMinutes(30), window.NextEnd);

        // Waits go up while muted: the state changes, the webhook gets nothing, the history says why.
        var alarms = _server.App.Services.GetRequiredService<AlarmService>();
        await WaitAsync(Start.AddSeconds(30), 400);
        _server.Time.SetUtcNow(Start.AddMinutes(1));
        await alarms.EvaluateDueAsync(_server.Time.GetUtcNow(), CancellationToken.None);
        Assert.Equal("ALARM", (await _server.Client.GetAlarmAsync("wait-central")).StateValue);
        var muted = Assert.Single(await ActionsAsync("wait-central", 1));
        Assert.Contains("muted", muted.HistorySummary, StringComparison.Ordinal);
        Assert.Contains("till-upgrade", muted.HistorySummary, StringComparison.Ordinal);
        Assert.Contains("upgrading the tills", muted.HistorySummary, StringComparison.Ordinal);
        Assert.Contains("shop-alerts", muted.HistorySummary, StringComparison.Ordinal);
        Assert.Equal("Muted", muted.HistoryData!["actionState"]!.GetValue<string>());
        Assert.Equal("ALARM", muted.HistoryData["stateValue"]!.GetValue<string>());
        Assert.Equal("upgrading the tills", muted.HistoryData["muteReason"]!.GetValue<string>());

        // The window is over: waits come down and OK arrives (and nothing else ever did).
        _server.Time.SetUtcNow(Start.AddMinutes(31));
        Assert.Equal("ENDED", (await _server.Client.GetMuteAsync("till-upgrade")).Status);
        await WaitAsync(Start.AddMinutes(31).AddSeconds(30), 90);
        _server.Time.SetUtcNow(Start.AddMinutes(32));
        await alarms.EvaluateDueAsync(_server.Time.GetUtcNow(), CancellationToken.None);
        var ok = await ReceiveAsync(1);
        Assert.Equal("OK", ok["newState"]!.GetValue<string>());
        Assert.Equal("ALARM", ok["oldState"]!.GetValue<string>());
        var actions = await ActionsAsync("wait-central", 2);
        Assert.Contains("Successfully executed action shop-alerts", actions[0].HistorySummary, StringComparison.Ordinal);
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task A_weekday_evening_schedule_in_Berlin_mutes_only_matching_alarms_and_only_in_its_hours()
    {
        await SubscribeAsync();
        await PutAlarmAsync("wait-central");
        await PutAlarmAsync("milk-central");
        using (var created = await _server.Http.PostAsJsonAsync("api/v1/mutes", new PutMuteRequest
        {
            Name = "closing-time",
            AlarmNamePatterns = ["wait-*"],
            Reason = "cleaning the machines",
            Schedule = new MuteScheduleDto { DaysOfWeek = ["weekdays"], StartTime = "18:00", DurationMinutes = 30, TimeZone = "Europe/Berlin" },
        }, CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var dto = (await created.Content.ReadFromJsonAsync<MuteDto>(CremaJson.Options))!;
            Assert.Equal("PENDING", dto.Status);
            Assert.Equal(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], dto.Schedule!.DaysOfWeek);
            Assert.Equal(new DateTimeOffset(2025, 3, 10, 17, 0, 0, TimeSpan.Zero), dto.NextStart); // 18:00 CET
            Assert.Equal(new DateTimeOffset(2025, 3, 10, 17, 30, 0, TimeSpan.Zero), dto.NextEnd);
        }

        // 17:50 in Berlin: not muted yet.
        await SetStateAsync("wait-central", "ALARM");
        Assert.Equal("ALARM", (await ReceiveAsync(1))["newState"]!.GetValue<string>());

        // 18:10 in Berlin: the wait alarm is muted, the milk alarm (no match) is not.
        _server.Time.SetUtcNow(new DateTimeOffset(2025, 3, 10, 17, 10, 0, TimeSpan.Zero));
        Assert.Equal("ACTIVE", (await _server.Client.GetMuteAsync("closing-time")).Status);
        await SetStateAsync("wait-central", "OK");
        await SetStateAsync("milk-central", "ALARM");
        var milk = await ReceiveAsync(2);
        Assert.Equal("milk-central", milk["alarmName"]!.GetValue<string>());
        var waitActions = await ActionsAsync("wait-central", 2);
        Assert.Contains("closing-time", waitActions[0].HistorySummary, StringComparison.Ordinal);
        Assert.Contains("cleaning the machines", waitActions[0].HistorySummary, StringComparison.Ordinal);
        Assert.Equal("OK", waitActions[0].HistoryData!["stateValue"]!.GetValue<string>());
        Assert.Equal("OK", (await _server.Client.GetAlarmAsync("wait-central")).StateValue);

        // 18:30 in Berlin the window is over until tomorrow.
        _server.Time.SetUtcNow(new DateTimeOffset(2025, 3, 10, 17, 30, 0, TimeSpan.Zero));
        var after = await _server.Client.GetMuteAsync("closing-time");
        Assert.Equal(("PENDING", (DateTimeOffset?)new DateTimeOffset(2025, 3, 11, 17, 0, 0, TimeSpan.Zero)), (after.Status, after.NextStart));
        await SetStateAsync("wait-central", "ALARM");
        var later = await ReceiveAsync(3);
        Assert.Equal("wait-central", later["alarmName"]!.GetValue<string>());
        Assert.Equal("OK", later["oldState"]!.GetValue<string>());
        Assert.Equal(3, _receiver.Requests.Count);
    }

    [Fact]
    public async Task Mutes_are_listed_replaced_and_deleted_and_survive_a_restart()
    {
        var night = new PutMuteRequest
        {
            Name = "nights",
            AlarmNamePatterns = ["wait-*", "queue-?"],
            Reason = "shop closed",
            Schedule = new MuteScheduleDto { DaysOfWeek = ["sat", "sun"], StartTime = "9:00", DurationMinutes = 60 },
        };
        var created = await _server.Client.PutMuteAsync(night);
        Assert.Equal("UTC", created.Schedule!.TimeZone);
        Assert.Equal("09:00", created.Schedule.StartTime);
        await _server.Client.PutMuteAsync(new PutMuteRequest { Name = "deploy", AlarmNamePatterns = ["*"], Reason = "release 4.2", EndTime = Start.AddHours(1) });

        _server.Time.SetUtcNow(Start.AddMinutes(5));
        var replaced = await _server.Client.PutMuteAsync(night with { Reason = "closed on weekends" });
        Assert.Equal(Start, replaced.CreatedAt);
        Assert.Equal(Start.AddMinutes(5), replaced.UpdatedAt);

        Assert.Equal(["deploy", "nights"], (await _server.Client.ListMutesAsync()).Mutes.Select(m => m.Name));
        Assert.Equal(["deploy", "nights"], (await _server.Client.ListMutesAsync("queue-1")).Mutes.Select(m => m.Name));
        Assert.Equal(["deploy"], (await _server.Client.ListMutesAsync("queue-12")).Mutes.Select(m => m.Name));
        var deploy = await _server.Client.GetMuteAsync("deploy");
        Assert.Equal(("ACTIVE", (DateTimeOffset?)Start, (DateTimeOffset?)Start.AddHours(1)), (deploy.Status, deploy.StartTime, deploy.NextEnd));

        await _server.StopAsync();
        await _server.DisposeAsync();
        _server = await CremaTestServer.StartAsync(_dir, new FakeTimeProvider(Start.AddMinutes(10)));
        var back = await _server.Client.GetMuteAsync("nights");
        Assert.Equal("closed on weekends", back.Reason);
        Assert.Equal(["wait-*", "queue-?"], back.AlarmNamePatterns);
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 9, 0, 0, TimeSpan.Zero), back.NextStart);

        await _server.Client.DeleteMuteAsync("nights");
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => _server.Client.GetMuteAsync("nights"))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<CremaApiException>(() => _server.Client.DeleteMuteAsync("nights"))).Status);
        Assert.Equal(["deploy"], (await _server.Client.ListMutesAsync()).Mutes.Select(m => m.Name));
    }

    // Each body breaks one rule; the clock is at Start (16:50 UTC).
    private static readonly (string Body, string Field, string Rule)[] BrokenBodies =
    [
        ("""{"name":"m","alarmNamePatterns":["*"],"endTime":"2025-03-10T18:00:00Z"}""", "reason", "is required"),
        ("""{"name":"m","reason":"r","endTime":"2025-03-10T18:00:00Z"}""", "alarmNamePatterns", "at least one"),
        ("""{"name":"m m","alarmNamePatterns":["*"],"reason":"r","endTime":"2025-03-10T18:00:00Z"}""", "name", "letters, digits"),
        ("""{"name":"m","alarmNamePatterns":["*"],"reason":"r"}""", "schedule", "either"),
        ("""{"name":"m","alarmNamePatterns":["*"],"reason":"r","endTime":"2025-03-10T16:00:00Z"}""", "endTime", "after startTime"),
        ("""{"name":"m","alarmNamePatterns":["*"],"reason":"r","startTime":"2025-03-10T06:00:00Z","endTime":"2025-03-10T16:00:00Z"}""", "endTime", "in the past"),
        ("""{"name":"m","alarmNamePatterns":["*"],"reason":"r","endTime":"2025-03-10T18:00:00Z","expiresAt":"2025-03-10T16:00:00Z"}""", "expiresAt", "in the past"),
        ("""{"name":"m","alarmNamePatterns":["*"],"reason":"r","schedule":{"daysOfWeek":["mon"],"startTime":"18:00","durationMinutes":60,"timeZone":"Mars/Olympus"}}""", "schedule.timeZone", "IANA"),
        ("""{"name":"m","alarmNamePatterns":["*"],"reason":"r","schedule":{"daysOfWeek":["someday"],"startTime":"18:00","durationMinutes":60}}""", "schedule.daysOfWeek", "not a day"),
        ("""{"name":"m","alarmNamePatterns":["*"],"reason":"r","endTime":"2025-03-10T18:00:00Z","schedule":{"daysOfWeek":["mon"],"startTime":"18:00","durationMinutes":60}}""", "schedule", "not both"),
    ];

    [Fact]
    public async Task Broken_mutes_are_refused_naming_the_field_and_nothing_is_stored()
    {
        foreach (var (body, field, rule) in BrokenBodies)
        {
            using var response = await _server.Http.PostAsync("api/v1/mutes", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            await ProblemAssert.IsValidationErrorAsync(response, field, rule);
        }

        Assert.Empty((await _server.Client.ListMutesAsync()).Mutes);
    }

    private async Task SubscribeAsync()
    {
        (await _server.Http.PostAsJsonAsync("api/v1/topics", new CreateTopicRequest { Name = "shop-alerts" }, CremaJson.Options)).EnsureSuccessStatusCode();
        using var sub = await _server.Http.PostAsJsonAsync("api/v1/topics/shop-alerts/subscriptions",
            new SubscribeRequest { Protocol = "webhook", Endpoint = _receiver.Url("hooks/crema") }, CremaJson.Options);
        sub.EnsureSuccessStatusCode();
    }

    private Task<MetricAlarmDto> PutAlarmAsync(string name) => _server.Client.PutMetricAlarmAsync(name, new PutMetricAlarmRequest
    {
        Namespace = "CoffeeShop",
        MetricName = "OrderWait",
        Dimensions = [new DimensionDto("Shop", "Central")],
        Statistic = "Maximum",
        Period = 60,
        EvaluationPeriods = 1,
        Threshold = 300,
        ComparisonOperator = ">",
        TreatMissingData = "ignore",
        AlarmActions = ["shop-alerts"],
        OkActions = ["shop-alerts"],
    });

    private Task SetStateAsync(string alarm, string state) =>
        _server.Client.SetAlarmStateAsync(alarm, new SetAlarmStateRequest { StateValue = state, StateReason = "test" });

    /// <summary>The alarm's Action items, newest first, once at least <paramref name="count"/> are there (deliveries are recorded as they finish).</summary>
    private async Task<IReadOnlyList<AlarmHistoryItemDto>> ActionsAsync(string alarm, int count)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<AlarmHistoryItemDto> items;
        do
        {
            items = (await _server.Client.DescribeAlarmHistoryAsync(alarm, "Action")).AlarmHistoryItems;
            if (items.Count >= count) break;
            await Task.Delay(20);
        }
        while (watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.True(items.Count >= count, $"{items.Count} Action items, expected {count}");
        return items;
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
