using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Live;
using Crema.Server.Tests.Security;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Crema.Server.Tests.Live;

/// <summary>
/// A server whose live stream sends keep-alives every 200 ms (so a test sees one without waiting 15 s) and reads
/// the alarm history on its fallback timer only once a minute: alarm events that arrive within the tests' 20 s
/// came because the alarm store's write woke the stream.
/// </summary>
public sealed class LiveServer : IAsyncLifetime
{
    private CremaTestServer? _server;

    public CremaTestServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => _server = await CremaTestServer.StartAsync(null, null, "--Live:KeepAliveInterval=00:00:00.200", "--Live:AlarmPollInterval=00:01:00");

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>GET /api/v1/live against a real server: metrics and alarm events, filtered by permission, keep-alives, clean disconnects.</summary>
public sealed class LiveEventsTests(LiveServer fixture) : IClassFixture<LiveServer>
{
    private CremaTestServer Server => fixture.Server;

    [Fact]
    public async Task A_written_datapoint_arrives_as_a_metrics_event_with_its_time()
    {
        await using var live = await SseStream.OpenAsync(Server.Http);
        var at = Server.Time.GetUtcNow().AddSeconds(-7);
        await Server.Client.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "LiveShop",
            MetricData =
            [
                new MetricDatumDto { MetricName = "CoffeesSold", Value = 3, Timestamp = at.AddSeconds(-30), Dimensions = [new DimensionDto("Shop", "Central")] },
                new MetricDatumDto { MetricName = "CoffeesSold", Value = 2, Timestamp = at, Dimensions = [new DimensionDto("Shop", "Harbour")] },
                new MetricDatumDto { MetricName = "QueueLength", Value = 4, Timestamp = at.AddSeconds(-60) },
            ],
        });

        // One acknowledged request is one batch: its metrics come in one event.
        var (events, _) = await live.UntilAsync(m => m.NamesNamespace("LiveShop"));
        Assert.True(events.Names("LiveShop", "CoffeesSold"));
        Assert.True(events.Names("LiveShop", "QueueLength"));
        Assert.Equal(at.ToUnixTimeMilliseconds(), (long)events.Data!["time"]!);

        // Two series of one metric are one entry: the event names metrics, not series.
        Assert.Single(events.Data!["metrics"]!.AsArray(), m => (string?)m!["metricName"] == "CoffeesSold");
    }

    [Fact]
    public async Task An_alarm_state_change_arrives_as_an_alarm_event_with_both_states_and_the_reason()
    {
        await Server.Client.PutMetricAlarmAsync("live-wait", new PutMetricAlarmRequest
        {
            Namespace = "LiveAlarmShop", MetricName = "OrderWait", Statistic = "Average", Period = 60, EvaluationPeriods = 1, Threshold = 480, ComparisonOperator = ">",
        });
        var before = (await Server.Client.GetAlarmAsync("live-wait")).StateValue;
        await using var live = await SseStream.OpenAsync(Server.Http);

        await Server.Client.SetAlarmStateAsync("live-wait", new SetAlarmStateRequest { StateValue = "ALARM", StateReason = "testing the live stream" });

        var (alarm, _) = await live.UntilAsync(m => m.Event == "alarm" && (string?)m.Data!["alarmName"] == "live-wait");
        Assert.Equal("ALARM", (string?)alarm.Data!["state"]);
        Assert.Equal(before, (string?)alarm.Data["previousState"]);
        Assert.Equal("testing the live stream", (string?)alarm.Data["reason"]);
        Assert.Equal(Server.Time.GetUtcNow().ToUnixTimeMilliseconds(), (long)alarm.Data["time"]!);
    }

    [Fact]
    public async Task A_caller_without_read_permission_on_a_namespace_gets_none_of_its_events_nor_alarm_events_without_describe()
    {
        using (var r = await Server.Http.PostAsJsonAsync("api/v1/roles", new PutRoleRequest
        {
            Name = "live-visible-only",
            Description = "reads one namespace",
            Statements = [new PolicyStatementDto { Effect = "Allow", Actions = ["metrics:Get"], Resources = ["metrics/LiveVisible"] }],
        }, CremaJson.Options))
        {
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }

        await SecurityFixture.CreateUserAsync(Server, "live-narrow", "live-visible-only");
        using var narrowHttp = await SecurityFixture.KeyClientAsync(Server, "live-narrow");
        await Server.Client.PutMetricAlarmAsync("live-hidden-alarm", new PutMetricAlarmRequest
        {
            Namespace = "LiveHidden", MetricName = "Wait", Statistic = "Average", Period = 60, EvaluationPeriods = 1, Threshold = 1, ComparisonOperator = ">",
        });
        await using var narrow = await SseStream.OpenAsync(narrowHttp);
        await using var admin = await SseStream.OpenAsync(Server.Http);

        var now = Server.Time.GetUtcNow();
        await Server.Client.PutMetricDataAsync(SecurityFixture.OneDatum("LiveHidden", now));
        await Server.Client.SetAlarmStateAsync("live-hidden-alarm", new SetAlarmStateRequest { StateValue = "ALARM", StateReason = "hidden" });

        // The admin sees both, in whichever order the hub's rounds send them: from then on the narrow stream has been offered them too.
        bool sawMetrics = false, sawAlarm = false;
        await admin.UntilAsync(m =>
        {
            sawMetrics |= m.NamesNamespace("LiveHidden");
            sawAlarm |= m.Event == "alarm" && (string?)m.Data!["alarmName"] == "live-hidden-alarm";
            return sawMetrics && sawAlarm;
        });

        await Server.Client.PutMetricDataAsync(SecurityFixture.OneDatum("LiveVisible", now));
        var (visible, before) = await narrow.UntilAsync(m => m.NamesNamespace("LiveVisible"));
        Assert.False(visible.NamesNamespace("LiveHidden"));
        Assert.DoesNotContain(before, m => m.Event == "alarm" || m.NamesNamespace("LiveHidden"));
    }

    [Fact]
    public async Task An_idle_stream_gets_keep_alive_comments()
    {
        await using var live = await SseStream.OpenAsync(Server.Http);
        var (keepAlive, _) = await live.UntilAsync(m => m.Comment == "keep-alive");
        Assert.Null(keepAlive.Event);
    }

    [Fact]
    public async Task A_client_that_disconnects_is_forgotten()
    {
        var hub = Server.App.Services.GetRequiredService<LiveHub>();
        var before = hub.SubscriberCount;
        var live = await SseStream.OpenAsync(Server.Http);
        Assert.Equal(before + 1, hub.SubscriberCount);
        await live.DisposeAsync();

        // The server notices at its next write (a keep-alive at the latest, 200 ms here).
        Assert.True(SpinWait.SpinUntil(() => hub.SubscriberCount == before, TimeSpan.FromSeconds(10)), $"still {hub.SubscriberCount} subscribers");
    }

    [Fact]
    public async Task Without_credentials_the_stream_is_refused()
    {
        using var r = await Server.Anonymous.GetAsync("api/v1/live");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, r.StatusCode);
    }
}
