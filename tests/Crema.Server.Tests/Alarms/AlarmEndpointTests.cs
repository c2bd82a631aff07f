using System.Net;
using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Alarms;
using Crema.Server.Tests.Security;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Alarms;

public sealed class AlarmEndpointTests : IAsyncLifetime
{
    // A minute boundary, so that periods line up with the fake clock.
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private readonly string _dir = CremaTestServer.NewTempDirectory();
    private CremaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await CremaTestServer.StartAsync(_dir, new FakeTimeProvider(Start));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        CremaTestServer.DeleteDirectory(_dir);
    }

    private static PutMetricAlarmRequest WaitTooLong(string shop = "Central") => new()
    {
        AlarmDescription = "p90 order wait above 5 minutes",
        Namespace = "CoffeeShop",
        MetricName = "OrderWait",
        Dimensions = [new DimensionDto("Shop", shop)],
        Statistic = "p90",
        Period = 60,
        EvaluationPeriods = 3,
        Threshold = 300,
        ComparisonOperator = ">",
        AlarmActions = ["shop-alerts"],
    };

    [Fact]
    public async Task A_new_alarm_starts_in_insufficient_data_and_three_breaching_minutes_turn_it_to_alarm_with_the_values_in_the_reason()
    {
        var created = await PutAsync("wait-central", WaitTooLong());
        Assert.Equal("INSUFFICIENT_DATA", created.StateValue);
        Assert.Equal("GreaterThanThreshold", created.ComparisonOperator);

        var actions = new List<AlarmActionRequest>();
        var service = _server.App.Services.GetRequiredService<AlarmService>();
        service.ActionRequested += a =>
        {
            lock (actions) actions.Add(a);
            return Task.CompletedTask;
        };

        foreach (var (minute, wait) in new[] { (0, 412.0), (1, 388.5), (2, 401.2) })
        {
            await WaitAsync(Start.AddMinutes(minute).AddSeconds(20), wait);
        }

        _server.Time.SetUtcNow(Start.AddMinutes(3).AddMilliseconds(100));
        await service.EvaluateDueAsync(_server.Time.GetUtcNow(), CancellationToken.None);
        var alarm = await DescribeAsync("wait-central");
        Assert.Equal("ALARM", alarm.StateValue);
        Assert.Contains("3 out of the last 3 datapoints", alarm.StateReason, StringComparison.Ordinal);
        Assert.Contains("412.0", alarm.StateReason, StringComparison.Ordinal);
        Assert.Contains("greater than the threshold (300.0)", alarm.StateReason, StringComparison.Ordinal);
        Assert.Equal("ALARM", Assert.Single(actions).Alarm.StateValue);
        Assert.Equal("shop-alerts", actions[0].Action);

        var history = await _server.Http.GetFromJsonAsync<DescribeAlarmHistoryResponse>("api/v1/alarms/wait-central/history", CremaJson.Options);
        Assert.Contains(history!.AlarmHistoryItems, h => h.HistoryItemType == "StateUpdate" && h.HistorySummary.Contains("ALARM", StringComparison.Ordinal));
        Assert.Contains(history.AlarmHistoryItems, h => h.HistoryItemType == "ConfigurationUpdate");

        // Waits come down: three good minutes and it is OK again.
        foreach (var minute in new[] { 3, 4, 5 }) await WaitAsync(Start.AddMinutes(minute).AddSeconds(20), 120);
        _server.Time.SetUtcNow(Start.AddMinutes(6).AddMilliseconds(100));
        await service.EvaluateDueAsync(_server.Time.GetUtcNow(), CancellationToken.None);
        Assert.Equal("OK", (await DescribeAsync("wait-central")).StateValue);
    }

    [Fact]
    public async Task The_period_that_is_still_open_does_not_count()
    {
        await PutAsync("wait-central", WaitTooLong() with { EvaluationPeriods = 1 });
        var service = _server.App.Services.GetRequiredService<AlarmService>();
        _server.Time.SetUtcNow(Start.AddSeconds(30));
        await WaitAsync(Start.AddSeconds(10), 999);
        await service.EvaluateDueAsync(_server.Time.GetUtcNow(), CancellationToken.None);
        Assert.Equal("INSUFFICIENT_DATA", (await DescribeAsync("wait-central")).StateValue);
        _server.Time.SetUtcNow(Start.AddMinutes(1));
        await service.EvaluateDueAsync(_server.Time.GetUtcNow(), CancellationToken.None);
        Assert.Equal("ALARM", (await DescribeAsync("wait-central")).StateValue);
    }

    [Fact]
    public async Task Breaking_rules_is_refused_naming_the_field_and_nothing_is_stored()
    {
        using var badOp = await _server.Http.PutAsJsonAsync("api/v1/alarms/a", WaitTooLong() with { ComparisonOperator = "bigger" }, CremaJson.Options);
        Assert.Equal(HttpStatusCode.BadRequest, badOp.StatusCode);
        Assert.Contains("comparisonOperator", await badOp.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var badM = await _server.Http.PutAsJsonAsync("api/v1/alarms/a", WaitTooLong() with { DatapointsToAlarm = 4 }, CremaJson.Options);
        Assert.Equal(HttpStatusCode.BadRequest, badM.StatusCode);
        Assert.Contains("datapointsToAlarm", await badM.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var badPeriod = await _server.Http.PutAsJsonAsync("api/v1/alarms/a", WaitTooLong() with { Period = 45 }, CremaJson.Options);
        Assert.Contains("period", await badPeriod.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var all = await _server.Http.GetFromJsonAsync<DescribeAlarmsResponse>("api/v1/alarms", CremaJson.Options);
        Assert.Empty(all!.MetricAlarms);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("api/v1/alarms/a")).StatusCode);
    }

    [Fact]
    public async Task Set_state_describe_filters_actions_switch_delete_and_a_restart_keeps_alarms_and_states()
    {
        await PutAsync("wait-central", WaitTooLong());
        await PutAsync("wait-harbour", WaitTooLong("Harbour"));
        using (var set = await _server.Http.PostAsJsonAsync("api/v1/alarms/wait-harbour/state",
                   new SetAlarmStateRequest { StateValue = "ALARM", StateReason = "testing the pager" }, CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        }

        var inAlarm = await _server.Http.GetFromJsonAsync<DescribeAlarmsResponse>("api/v1/alarms?stateValue=ALARM", CremaJson.Options);
        Assert.Equal(["wait-harbour"], inAlarm!.MetricAlarms.Select(a => a.AlarmName));
        Assert.Equal("testing the pager", inAlarm.MetricAlarms[0].StateReason);
        var byPrefix = await _server.Http.GetFromJsonAsync<DescribeAlarmsResponse>("api/v1/alarms?alarmNamePrefix=wait-c", CremaJson.Options);
        Assert.Equal(["wait-central"], byPrefix!.MetricAlarms.Select(a => a.AlarmName));

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.PostAsync("api/v1/alarms/wait-central/actions/disable", null)).StatusCode);
        Assert.False((await DescribeAsync("wait-central")).ActionsEnabled);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.DeleteAsync("api/v1/alarms/wait-central")).StatusCode);

        await _server.StopAsync();
        await using var restarted = await CremaTestServer.StartAsync(_dir, new FakeTimeProvider(Start));
        var after = await restarted.Http.GetFromJsonAsync<DescribeAlarmsResponse>("api/v1/alarms", CremaJson.Options);
        var only = Assert.Single(after!.MetricAlarms);
        Assert.Equal("wait-harbour", only.AlarmName);
        Assert.Equal("ALARM", only.StateValue);
        var history = await restarted.Http.GetFromJsonAsync<DescribeAlarmHistoryResponse>("api/v1/alarms/wait-central/history", CremaJson.Options);
        Assert.Contains(history!.AlarmHistoryItems, h => h.HistorySummary.Contains("deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Alarms_follow_permissions_on_alarms_and_on_the_metrics_they_read()
    {
        await SecurityFixture.CreateUserAsync(_server, "vic", "viewer");
        using var viewer = await SecurityFixture.KeyClientAsync(_server, "vic");
        using (var r = await viewer.PutAsJsonAsync("api/v1/alarms/x", WaitTooLong(), CremaJson.Options))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("api/v1/alarms")).StatusCode);
        using (await _server.Http.PostAsJsonAsync("api/v1/roles", new PutRoleRequest
        {
            Name = "alarm-writer",
            Statements = [new PolicyStatementDto { Effect = "Allow", Actions = ["alarms:*"], Resources = ["*"] }],
        }, CremaJson.Options))
        {
        }

        await SecurityFixture.CreateUserAsync(_server, "ali", "alarm-writer");
        using var writer = await SecurityFixture.KeyClientAsync(_server, "ali");
        using var r2 = await writer.PutAsJsonAsync("api/v1/alarms/x", WaitTooLong(), CremaJson.Options);
        Assert.Equal(HttpStatusCode.Forbidden, r2.StatusCode);
        Assert.Contains("metrics/CoffeeShop", await r2.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task WaitAsync(DateTimeOffset at, double seconds) =>
        await _server.Client.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "CoffeeShop",
            MetricData = [new MetricDatumDto { MetricName = "OrderWait", Dimensions = [new DimensionDto("Shop", "Central")], Value = seconds, Timestamp = at, Unit = "Seconds" }],
        });

    private async Task<MetricAlarmDto> PutAsync(string name, PutMetricAlarmRequest request)
    {
        using var r = await _server.Http.PutAsJsonAsync($"api/v1/alarms/{name}", request, CremaJson.Options);
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<MetricAlarmDto>(CremaJson.Options))!;
    }

    private async Task<MetricAlarmDto> DescribeAsync(string name) =>
        (await _server.Http.GetFromJsonAsync<MetricAlarmDto>($"api/v1/alarms/{name}", CremaJson.Options))!;
}
