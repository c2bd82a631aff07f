using System.Net;
using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.Notifications;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Alarms;

public sealed class CompositeAlarmTests : IAsyncLifetime
{
    private CremaTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await CremaTestServer.StartAsync(null, new FakeTimeProvider(new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.Zero)));
        foreach (var name in new[] { "wait-central", "milk-central" })
        {
            using var r = await _server.Http.PutAsJsonAsync($"api/v1/alarms/{name}", new PutMetricAlarmRequest
            {
                Namespace = "CoffeeShop",
                MetricName = name,
                Statistic = "Average",
                Period = 60,
                EvaluationPeriods = 1,
                Threshold = 1,
                ComparisonOperator = ">",
                TreatMissingData = "ignore",
            }, CremaJson.Options);
            r.EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_rule_follows_its_children_and_explains_itself_and_notifies_its_topic()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        (await _server.Http.PostAsJsonAsync("api/v1/topics", new CreateTopicRequest { Name = "managers" }, CremaJson.Options)).EnsureSuccessStatusCode();
        (await _server.Http.PostAsJsonAsync("api/v1/topics/managers/subscriptions", new SubscribeRequest { Protocol = "webhook", Endpoint = receiver.Url("c") }, CremaJson.Options))
            .EnsureSuccessStatusCode();
        var put = await PutAsync("busy-and-short", "ALARM(\"wait-central\") AND NOT OK(\"milk-central\")", ["managers"]);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("OK", (await DescribeAsync()).StateValue);

        await SetAsync("wait-central", "ALARM");
        var fired = await DescribeAsync();
        Assert.Equal("ALARM", fired.StateValue);
        Assert.Contains("ALARM(\"wait-central\") is true", fired.StateReason, StringComparison.Ordinal);

        await SetAsync("milk-central", "OK");
        Assert.Equal("OK", (await DescribeAsync()).StateValue);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (receiver.Requests.Count < 1 && watch.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
        Assert.Contains("\"newState\":\"ALARM\"", System.Text.Encoding.UTF8.GetString(receiver.Requests[0].Body), StringComparison.Ordinal);
        var history = await _server.Http.GetFromJsonAsync<DescribeAlarmHistoryResponse>("api/v1/alarms/busy-and-short/history?historyItemType=StateUpdate", CremaJson.Options);
        Assert.Equal(["Alarm updated from ALARM to OK", "Alarm updated from OK to ALARM", "Alarm updated from INSUFFICIENT_DATA to OK"], history!.AlarmHistoryItems.Select(h => h.HistorySummary));
    }

    [Fact]
    public async Task Bad_rules_unknown_alarms_and_cycles_are_refused_and_children_in_use_cannot_be_deleted()
    {
        var syntax = await PutAsync("x", "ALARM(\"wait-central\") AND (OK(\"milk-central\")", null);
        Assert.Equal(HttpStatusCode.BadRequest, syntax.StatusCode);
        Assert.Contains("position", await syntax.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = await PutAsync("x", "ALARM(\"nope\")", null);
        Assert.Contains("no alarm is named 'nope'", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await PutAsync("c1", "ALARM(\"wait-central\")", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync("c2", "ALARM(\"c1\") OR TRUE", null)).StatusCode);
        Assert.Equal("ALARM", (await _server.Http.GetFromJsonAsync<CompositeAlarmDto>("api/v1/composite-alarms/c2", CremaJson.Options))!.StateValue);
        var cycle = await PutAsync("c1", "ALARM(\"c2\")", null);
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.Contains("cycle", await cycle.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Conflict, (await _server.Http.DeleteAsync("api/v1/alarms/wait-central")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _server.Http.DeleteAsync("api/v1/composite-alarms/c1")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.DeleteAsync("api/v1/composite-alarms/c2")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.DeleteAsync("api/v1/composite-alarms/c1")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.DeleteAsync("api/v1/alarms/wait-central")).StatusCode);
    }

    private Task<HttpResponseMessage> PutAsync(string name, string rule, IReadOnlyList<string>? actions) =>
        _server.Http.PutAsJsonAsync($"api/v1/composite-alarms/{name}", new PutCompositeAlarmRequest { AlarmRule = rule, AlarmActions = actions }, CremaJson.Options);

    private async Task SetAsync(string alarm, string state)
    {
        using var r = await _server.Http.PostAsJsonAsync($"api/v1/alarms/{alarm}/state", new SetAlarmStateRequest { StateValue = state, StateReason = "test" }, CremaJson.Options);
        r.EnsureSuccessStatusCode();
    }

    private async Task<CompositeAlarmDto> DescribeAsync() =>
        (await _server.Http.GetFromJsonAsync<CompositeAlarmDto>("api/v1/composite-alarms/busy-and-short", CremaJson.Options))!;
}
