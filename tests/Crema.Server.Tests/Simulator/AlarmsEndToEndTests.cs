using System.Globalization;
using System.Text.Json.Nodes;
using Crema.Client.Contracts;
using Crema.Server.Alarms;
using Crema.Server.Notifications;
using Crema.Server.Tests.Notifications;
using Crema.Server.Tests.TestSupport;
using Crema.Simulator;
using Crema.Simulator.Metrics;
using Crema.Simulator.Model;
using Crema.Simulator.Trouble;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Simulator;

/// <summary>
/// The whole story in fake time: the simulator sends a morning in which a barista goes home to a real server, the
/// "wait too long" alarm of `crema demo` goes to ALARM during the trouble and back to OK after it, and a webhook
/// receives both notifications, correctly signed.
/// </summary>
public sealed class AlarmsEndToEndTests
{
    // A Monday. Harbour opens at 08:00 with 2 baristas for its rush; one goes home from 08:00 to 08:45.
    private static readonly DateTimeOffset MorningStart = new(2025, 3, 10, 7, 50, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MorningEnd = new(2025, 3, 10, 10, 30, 0, TimeSpan.Zero);
    private static readonly TimeOnly LeavesAt = new(8, 0);
    private static readonly TimeSpan Away = TimeSpan.FromMinutes(45);
    private const string Shop = "Harbour";

    [Fact]
    public async Task A_barista_going_home_fires_the_wait_alarm_with_a_signed_webhook_and_recovery_sends_ok()
    {
        await using var server = await CremaTestServer.StartAsync(time: new FakeTimeProvider(MorningStart));
        await using var receiver = await WebhookReceiver.StartAsync();
        await server.Client.CreateTopicAsync(new CreateTopicRequest { Name = "shop-alerts" });
        var secret = (await server.Client.SubscribeAsync("shop-alerts", new SubscribeRequest { Protocol = "webhook", Endpoint = receiver.Url("hooks/crema") })).SigningSecret!;

        // The demo's own definition of the alarm, pointed at this topic.
        var (name, request) = Crema.Cli.Commands.DemoAlarms.Definitions("CoffeeShop", [Shop]).Single(d => d.Name == "wait-too-long-" + Shop);
        await server.Client.PutMetricAlarmAsync(name, request with { AlarmActions = ["shop-alerts"], OkActions = ["shop-alerts"] });

        // The simulation shares the server's fake clock at 1×: each simulated minute advances both, sends, then evaluates.
        var options = new SimulatorOptions
        {
            ShopProfiles = [ShopProfile.CreateDefault(2)],
            Seed = 42,
            Acceleration = 1,
            SimStart = MorningStart,
            SimEnd = MorningEnd,
            FlushInterval = TimeSpan.Zero,
            Troubles = [ShopTrouble.BaristaGoesHome(Shop, LeavesAt, Away)],
        };
        var sink = new CremaClientMetricSink(server.Client, new RetryOptions { MaxAttempts = 1 });
        using var sim = new CoffeeShopSimulation(options, sink, server.Time);
        var alarms = server.App.Services.GetRequiredService<AlarmService>();
        var states = new List<(DateTimeOffset At, string State)>();
        while (!sim.IsFinished)
        {
            server.Time.Advance(TimeSpan.FromMinutes(1));
            await sim.TickAsync();
            await alarms.EvaluateDueAsync(server.Time.GetUtcNow(), CancellationToken.None);
            var state = (await server.Client.GetAlarmAsync(name)).StateValue;
            if (states.Count == 0 || states[^1].State != state) states.Add((server.Time.GetUtcNow(), state));
        }
        Assert.Equal(0, sim.SendErrors);
        Assert.True(sink.Stats.DatumsFailed == 0, sink.Stats.LastError);
        var story = string.Join(", ", states.Select(s => $"{s.At:HH:mm} {s.State}"));

        // ALARM only during the trouble (at least 3 minutes into it), and OK again after it ended.
        var troubleFrom = MorningStart.Date + LeavesAt.ToTimeSpan();
        var troubleTo = troubleFrom + Away;
        var fired = states.Where(s => s.State == "ALARM").ToList();
        Assert.True(fired.Count > 0, story);
        Assert.All(fired, s => Assert.InRange(s.At, troubleFrom.AddMinutes(3), troubleTo.AddMinutes(10)));
        // Back to OK once the barista is back (later, quiet minutes with no order served may read as INSUFFICIENT_DATA).
        var recoveredAt = states.First(s => s.State == "OK" && s.At > fired[0].At).At;
        Assert.InRange(recoveredAt, troubleTo, troubleTo.AddMinutes(15));

        // The receiver got the ALARM and then the OK notification, each signed with the subscription's secret.
        // One notification per transition into ALARM or OK (the first OK comes from INSUFFICIENT_DATA).
        var bodies = await ReceiveAsync(receiver, states.Count(st => st.State is "ALARM" or "OK"), story);
        var alarm = bodies.First(b => b["newState"]!.GetValue<string>() == "ALARM");
        Assert.Equal(name, alarm["alarmName"]!.GetValue<string>());
        Assert.Contains("greater than the threshold", alarm["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var recovered = bodies.First(b => b["newState"]!.GetValue<string>() == "OK" && b["oldState"]!.GetValue<string>() == "ALARM");
        Assert.True(bodies.IndexOf(alarm) < bodies.IndexOf(recovered), story);
        foreach (var r in receiver.Requests)
        {
            var ts = long.Parse(r.Headers["X-Crema-Timestamp"], CultureInfo.InvariantCulture);
            Assert.Equal(WebhookSignature.Compute(secret, ts, r.Body), r.Headers["X-Crema-Signature"]);
        }
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(16, 50)]
    public async Task The_demos_default_relative_trouble_fires_and_clears_the_alarms_in_real_time_after_the_catch_up(int hour, int minute)
    {
        // `crema demo` started on a Monday (local = UTC here): 06:15 to now at 120×, then real time.
        var now = new DateTimeOffset(2025, 3, 10, hour, minute, 0, TimeSpan.Zero);
        var lookback = now - now.Date.AddHours(6).AddMinutes(15);
        await using var server = await CremaTestServer.StartAsync(time: new FakeTimeProvider(now));
        var names = new[] { "Station", "Harbour" };
        var watched = new[] { "wait-too-long-Harbour", "milk-low-Station", "milk-runs-out-soon-Station" };
        foreach (var (name, request) in Crema.Cli.Commands.DemoAlarms.Definitions("CoffeeShop", names).Where(d => watched.Contains(d.Name)))
            await server.Client.PutMetricAlarmAsync(name, request with { AlarmActions = [], OkActions = [] });

        var shops = ShopProfile.CreateDefaults(3);
        var catchUp = TroublePlan.CatchUpAt(now, lookback, 120);
        var plan = TroublePlan.Resolve(Crema.Cli.Commands.DemoAlarms.DefaultTrouble(3), catchUp, TimeSpan.Zero, shops);
        var options = new SimulatorOptions
        {
            ShopProfiles = [shops[1], shops[2]],
            Seed = 42,
            Acceleration = 120,
            Lookback = lookback,
            FlushInterval = TimeSpan.Zero,
            Troubles = plan.Daily,
        };
        var sink = new CremaClientMetricSink(server.Client, new RetryOptions { MaxAttempts = 1 });
        using var sim = new CoffeeShopSimulation(options, sink, server.Time);
        using var live = new LiveTrouble(sim, plan.Live);
        var alarms = server.App.Services.GetRequiredService<AlarmService>();
        var states = watched.ToDictionary(w => w, _ => new List<(DateTimeOffset At, string State)>());
        var end = catchUp.AddMinutes(60);
        while (server.Time.GetUtcNow() < end)
        {
            // Seconds while catching up (2 simulated minutes each), then 15 s steps in real time.
            server.Time.Advance(sim.Clock.IsCatchingUp(server.Time.GetUtcNow()) ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(15));
            await sim.TickAsync();
            await alarms.EvaluateDueAsync(server.Time.GetUtcNow(), CancellationToken.None);
            foreach (var w in watched)
            {
                var state = alarms.Describe(w)!.StateValue;
                if (states[w].Count == 0 || states[w][^1].State != state) states[w].Add((server.Time.GetUtcNow(), state));
            }
        }

        Assert.Equal(0, sim.SendErrors);
        Assert.True(sink.Stats.DatumsFailed == 0, sink.Stats.LastError);
        string Story(string w) => string.Join(", ", states[w].Select(s => $"{s.At:HH:mm:ss} {s.State}"));
        var outage = Assert.Single(plan.Live);

        // Station's milk ran out during the catch-up (its van is held until catch-up + 31 min): both milk alarms fire
        // within minutes of the catch-up; milk-low clears once the van has come.
        foreach (var milk in new[] { "milk-low-Station", "milk-runs-out-soon-Station" })
        {
            var fired = states[milk].FirstOrDefault(s => s.State == "ALARM");
            Assert.True(fired.State == "ALARM", $"{milk}: {Story(milk)}");
            Assert.InRange(fired.At, catchUp.AddMinutes(-1), catchUp.AddMinutes(5));
        }

        var milkOk = states["milk-low-Station"].FirstOrDefault(s => s.State == "OK" && s.At > catchUp.AddMinutes(5));
        Assert.True(milkOk.State == "OK", Story("milk-low-Station"));
        Assert.InRange(milkOk.At, catchUp.AddMinutes(31), catchUp.AddMinutes(35));

        // Harbour's counter is empty from catch-up + 2 to + 22 min: wait-too-long fires after it reopens (the waits are
        // measured when the order is served) and is back to OK once the queue has gone.
        var waitFired = states["wait-too-long-Harbour"].FirstOrDefault(s => s.State == "ALARM");
        Assert.True(waitFired.State == "ALARM", Story("wait-too-long-Harbour"));
        Assert.InRange(waitFired.At, outage.To, outage.To.AddMinutes(10));
        var waitOk = states["wait-too-long-Harbour"].FirstOrDefault(s => s.State == "OK" && s.At > waitFired.At);
        Assert.True(waitOk.State == "OK", Story("wait-too-long-Harbour"));
        Assert.True(waitOk.At < outage.To.AddMinutes(35), Story("wait-too-long-Harbour"));
    }

    /// <summary>Waits (real time; delivery is asynchronous) for every notification of ALARM and OK transitions.</summary>
    private static async Task<List<JsonObject>> ReceiveAsync(WebhookReceiver receiver, int atLeast, string story)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (receiver.Requests.Count < atLeast && watch.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
        var bodies = receiver.Requests.Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToList();
        Assert.True(bodies.Count >= atLeast, $"{bodies.Count} notifications arrived, expected {atLeast}; states: {story}");
        return bodies;
    }
}
