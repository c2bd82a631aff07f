using System.Text.Json.Nodes;
using Crema.Client.Contracts;
using Crema.Core.Alarms;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Scaling;

/// <summary>Scheduled actions fire in fake time (once per jump, in their time zone); suspension and scale-in protection hold policies back.</summary>
public sealed class ScheduleAndSuspensionTests() : ScalingServerTest(Start, 1)
{
    // Monday 2025-03-10 06:00 UTC; London is on GMT until 30 March, New York on EDT since 9 March.
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_weekday_morning_schedule_fires_at_its_local_time_once_per_jump_and_not_while_suspended()
    {
        await ScalingHarness.RegisterAsync(Server, Actuator, "central-baristas", 1, 5, 1);
        var action = await Server.Client.PutScheduledActionAsync("central-baristas", "morning-rush", new PutScheduledActionRequest
        {
            Schedule = "cron(0 7 * * MON-FRI)",
            TimeZone = "America/New_York",
            MinCapacity = 2,
            DesiredCapacity = 3,
        });
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 11, 0, 0, TimeSpan.Zero), action.NextRunAt);

        await ScalingHarness.TickAsync(Server, new DateTimeOffset(2025, 3, 10, 10, 59, 59, TimeSpan.Zero));
        Assert.Empty(await ScalingHarness.ActivitiesAsync(Server, "central-baristas"));
        await ScalingHarness.TickAsync(Server, new DateTimeOffset(2025, 3, 10, 11, 0, 0, TimeSpan.Zero));
        var fired = Assert.Single(await ScalingHarness.ActivitiesAsync(Server, "central-baristas"));
        Assert.Equal(("Scheduled", "Successful", 1, 3), (fired.Kind, fired.Status, fired.FromCapacity, fired.ToCapacity));
        Assert.Equal("Scheduled action \"morning-rush\" at 2025-03-10 11:00 UTC: minimum 1 → 2, baristas 1 → 3", fired.Cause);
        var target = await Server.Client.GetScalableTargetAsync("central-baristas");
        Assert.Equal((2, 3), (target.MinCapacity, target.DesiredCapacity));

        // Back to 2 by hand; then a jump over Tuesday and Wednesday mornings applies the action once.
        await Server.Client.SetDesiredCapacityAsync("central-baristas", 2);
        await ScalingHarness.TickAsync(Server, new DateTimeOffset(2025, 3, 12, 12, 0, 0, TimeSpan.Zero));
        var all = await ScalingHarness.ActivitiesAsync(Server, "central-baristas");
        Assert.Equal(["Scheduled", "Manual", "Scheduled"], all.Select(a => a.Kind).Reverse());
        Assert.Contains("at 2025-03-12 11:00 UTC", all[0].Cause, StringComparison.Ordinal);

        // Suspended scheduled scaling: Thursday's action is skipped, visibly. (Short jumps: other services' periodic timers tick per fake step.)
        await Server.Client.SetDesiredCapacityAsync("central-baristas", 2);
        var suspended = await Server.Client.SuspendScalingAsync("central-baristas", new SuspendScalingRequest { ScheduledScaling = true });
        Assert.Equal((true, false, false), (suspended.SuspendedState.ScheduledScalingSuspended!.Value, suspended.SuspendedState.DynamicScalingInSuspended!.Value,
            suspended.SuspendedState.DynamicScalingOutSuspended!.Value));
        await ScalingHarness.TickAsync(Server, new DateTimeOffset(2025, 3, 13, 11, 0, 0, TimeSpan.Zero));
        var skipped = (await ScalingHarness.ActivitiesAsync(Server, "central-baristas"))[0];
        Assert.Equal("Skipped", skipped.Status);
        Assert.Contains("skipped: scheduled scaling is suspended", skipped.Cause, StringComparison.Ordinal);
        Assert.Equal(2, (await Server.Client.GetScalableTargetAsync("central-baristas")).DesiredCapacity);
    }

    [Fact]
    public async Task Suspended_scale_out_and_scale_in_protection_hold_the_policy_back_until_lifted()
    {
        await ScalingHarness.RegisterAsync(Server, Actuator, "central-baristas", 1, 6, 2);
        await Server.Client.PutScalingPolicyAsync("central-baristas", "wait-p90", ScalingHarness.WaitPolicy());
        var alarms = ScalingHarness.Alarms(Server);
        await Server.Client.SuspendScalingAsync("central-baristas", new SuspendScalingRequest { DynamicScalingOut = true });

        // States are set by hand within the first minute, before the alarms' next evaluation would set them from the (absent) data.
        // The high alarm in ALARM with 8 minutes of waiting: scale-out is suspended, so nothing is sent.
        await alarms.SetStateAsync(High, AlarmState.Alarm, "test", Reason(480), CancellationToken.None);
        await ScalingHarness.RunAsync(Server, Start.AddSeconds(10));
        Assert.Empty(Actuator.Requests);
        Assert.Empty(await ScalingHarness.ActivitiesAsync(Server, "central-baristas"));

        // Resumed: 2 × 480 / 240 → 4 at the next round.
        await Server.Client.ResumeScalingAsync("central-baristas");
        await ScalingHarness.RunAsync(Server, Start.AddSeconds(20));
        var outward = Assert.Single(await ScalingHarness.ActivitiesAsync(Server, "central-baristas"));
        Assert.Equal((2, 4), (outward.FromCapacity, outward.ToCapacity));

        // Later the low alarm fires (1.5 min): protection holds the baristas; without it, 4 × 90 / 240 → 2.
        await Server.Client.PutScalableTargetAsync("central-baristas", new PutScalableTargetRequest { ScaleInProtected = true });
        await alarms.SetStateAsync(High, AlarmState.Ok, "test", Reason(90), CancellationToken.None);
        await alarms.SetStateAsync(Low, AlarmState.Alarm, "test", Reason(90), CancellationToken.None);
        await ScalingHarness.RunAsync(Server, Start.AddSeconds(30));
        Assert.Single(await ScalingHarness.ActivitiesAsync(Server, "central-baristas"));
        await Server.Client.PutScalableTargetAsync("central-baristas", new PutScalableTargetRequest { ScaleInProtected = false });
        await ScalingHarness.RunAsync(Server, Start.AddSeconds(40));
        var inward = (await ScalingHarness.ActivitiesAsync(Server, "central-baristas"))[0];
        Assert.Equal(("ScaleIn", 4, 2), (inward.Kind, inward.FromCapacity, inward.ToCapacity));
        Assert.Equal([4, 2], Actuator.Requests.Select(r => r.Desired!.Value));
    }

    private static string Reason(double value) => new JsonObject { ["version"] = "1.0", ["recentDatapoints"] = new JsonArray(value) }.ToJsonString();
}
