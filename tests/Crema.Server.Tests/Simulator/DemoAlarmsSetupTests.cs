using System.Net.Http.Json;
using Crema.Cli.Commands;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
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
    public async Task Set_up_on_a_real_server_creates_the_alarms_the_topic_and_mutes_that_are_active_at_night_only()
    {
        var night = new DateTimeOffset(2025, 3, 10, 23, 0, 0, TimeSpan.Zero);
        await using var server = await CremaTestServer.StartAsync(null, new FakeTimeProvider(night));
        var alarms = new DemoAlarms(server.Client, "CoffeeShop", ["Central"], [("Central", new TimeOnly(7, 0), new TimeOnly(19, 0))], TimeSpan.Zero);
        await alarms.SetUpAsync(null, CancellationToken.None);
        await alarms.SetUpAsync(null, CancellationToken.None);
        var noSales = await server.Http.GetFromJsonAsync<MetricAlarmDto>("api/v1/alarms/no-sales-Central", CremaJson.Options);
        Assert.Equal("breaching", noSales!.TreatMissingData);
        var mutes = await server.Http.GetFromJsonAsync<ListMutesResponse>("api/v1/mutes?alarmName=no-sales-Central", CremaJson.Options);
        Assert.Equal("ACTIVE", Assert.Single(mutes!.Mutes).Status);
        Assert.Empty((await server.Http.GetFromJsonAsync<ListMutesResponse>("api/v1/mutes?alarmName=wait-too-long-Central", CremaJson.Options))!.Mutes);
    }
}
