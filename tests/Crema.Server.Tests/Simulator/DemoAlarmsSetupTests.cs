using System.Net.Http.Json;
using Crema.Cli.Commands;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
using Crema.Simulator.Model;
using Crema.Simulator.Trouble;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Simulator;

/// <summary>The demo's set-up: alarms with missing data as breaching for "no sales", muted while each shop is closed.</summary>
public sealed class DemoAlarmsSetupTests
{
    [Fact]
    public void Closing_hours_become_daily_utc_mute_windows_for_the_no_sales_alarm()
    {
        var alarms = new DemoAlarms(CremaClient.Create(new Uri("http://127.0.0.1:1/")), "CoffeeShop", ["Central", "Early"],
            [("Central", new TimeOnly(7, 0), new TimeOnly(19, 0)), ("Early", new TimeOnly(6, 30), new TimeOnly(19, 30))], TimeSpan.FromHours(-5));
        var mutes = alarms.ClosingHours().ToList();
        Assert.Equal(["closed-Central", "closed-Early"], mutes.Select(m => m.Name));
        Assert.Equal(["no-sales-Central"], mutes[0].AlarmNamePatterns);
        Assert.Equal("00:00", mutes[0].Schedule!.StartTime);
        Assert.Equal(12 * 60, mutes[0].Schedule!.DurationMinutes);
        Assert.Equal("00:30", mutes[1].Schedule!.StartTime);
        Assert.Equal(11 * 60, mutes[1].Schedule!.DurationMinutes);
    }

    [Fact]
    public void The_default_trouble_is_relative_to_the_catch_up_and_only_touches_shops_that_run()
    {
        Assert.Empty(DemoAlarms.DefaultTrouble(1));
        var two = Assert.Single(DemoAlarms.DefaultTrouble(2));
        Assert.Equal(("Station", TroubleKind.LateDelivery, (TimeSpan?)TimeSpan.FromMinutes(1)), (two.Shop, two.Kind, two.AfterCatchUp));

        // Resolved for a demo whose catch-up ends at 14:02 local (UTC+2): an outage at Harbour 14:04–14:24, Station's van at 14:33.
        var catchUp = new DateTimeOffset(2025, 3, 10, 12, 2, 0, TimeSpan.Zero);
        var plan = TroublePlan.Resolve(DemoAlarms.DefaultTrouble(3), catchUp, TimeSpan.FromHours(2), ShopProfile.CreateDefaults(3));
        var outage = Assert.Single(plan.Live);
        Assert.Equal(new CounterOutage("Harbour", catchUp.AddMinutes(2), catchUp.AddMinutes(22)), outage);
        var late = Assert.Single(plan.Daily);
        Assert.Equal(ShopTrouble.LateDelivery("Station", StockKind.Milk, new TimeSpan(14, 33, 0) - new TimeSpan(6, 30, 0)), late);

        // Written in the --trouble syntax, it parses to the same list.
        Assert.True(ShopTrouble.TryParseList("barista:Harbour@+2m+20m,late:Station:milk@+1m+30m", out var parsed, out var error), error);
        Assert.Equal(DemoAlarms.DefaultTrouble(3), parsed);
    }

    [Fact]
    public async Task Set_up_on_a_real_server_creates_the_alarms_the_topic_and_mutes_that_are_active_at_night_only()
    {
        var night = new DateTimeOffset(2025, 3, 10, 23, 0, 0, TimeSpan.Zero);
        await using var server = await CremaTestServer.StartAsync(null, new FakeTimeProvider(night));
        var alarms = new DemoAlarms(server.Client, "CoffeeShop", ["Central"], [("Central", new TimeOnly(7, 0), new TimeOnly(19, 0))], TimeSpan.Zero);
        await alarms.SetUpAsync(null, null, CancellationToken.None);
        await alarms.SetUpAsync(null, (night, night.AddMinutes(5)), CancellationToken.None);
        var noSales = await server.Http.GetFromJsonAsync<MetricAlarmDto>("api/v1/alarms/no-sales-Central", CremaJson.Options);
        Assert.Equal("breaching", noSales!.TreatMissingData);
        var mutes = await server.Http.GetFromJsonAsync<ListMutesResponse>("api/v1/mutes?alarmName=no-sales-Central", CremaJson.Options);
        Assert.Equal(["ACTIVE", "ACTIVE"], mutes!.Mutes.Select(m => m.Status));

        // The fast replay mutes every demo alarm's actions until two minutes after it ends; the closing hours only "no sales".
        var waitMutes = (await server.Http.GetFromJsonAsync<ListMutesResponse>("api/v1/mutes?alarmName=wait-too-long-Central", CremaJson.Options))!.Mutes;
        var replay = Assert.Single(waitMutes);
        Assert.Equal("demo-catch-up", replay.Name);
        Assert.Equal(night.AddMinutes(7), replay.EndTime);
        Assert.Contains(mutes.Mutes, m => m.Name == "demo-catch-up");
    }
}
