using System.Net;
using System.Net.Http.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Scaling;

/// <summary>Targets, policies, schedules, secrets and activities survive a restart; the managed alarms stay guarded.</summary>
public sealed class ScalingRestartTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Everything_scaling_holds_is_back_after_a_restart_and_the_secret_still_signs()
    {
        var dir = CremaTestServer.NewTempDirectory();
        await using var actuator = await ActuatorReceiver.StartAsync(2);
        try
        {
            await using (var first = await CremaTestServer.StartAsync(dir, new FakeTimeProvider(Start)))
            {
                await ScalingHarness.RegisterAsync(first, actuator, "central-baristas", 1, 5, 2);
                await first.Client.PutScalingPolicyAsync("central-baristas", "wait-p90", ScalingHarness.WaitPolicy());
                await first.Client.PutScheduledActionAsync("central-baristas", "morning", new PutScheduledActionRequest { Schedule = "cron(0 7 * * MON-FRI)", MinCapacity = 2 });
                Assert.Equal("Successful", (await first.Client.SetDesiredCapacityAsync("central-baristas", 3)).Status);
            }

            await using var second = await CremaTestServer.StartAsync(dir, new FakeTimeProvider(Start.AddMinutes(5)));
            var t = await second.Client.GetScalableTargetAsync("central-baristas");
            Assert.Equal((3, (int?)3, "baristas"), (t.DesiredCapacity, t.ActualCapacity, t.CapacityUnit));
            Assert.Equal(["wait-p90"], t.Policies);
            Assert.Equal(["morning"], t.ScheduledActions);
            Assert.Single((await second.Client.ListScalingActivitiesAsync("central-baristas")).Activities);
            Assert.Equal("Successful", (await second.Client.SetDesiredCapacityAsync("central-baristas", 4)).Status);
            Assert.All(actuator.Requests, r => Assert.True(r.SignatureValid));
            using var delete = await second.Http.DeleteAsync("api/v1/alarms/TargetTracking-central-baristas-wait-p90-AlarmHigh");
            Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        }
        finally
        {
            CremaTestServer.DeleteDirectory(dir);
        }
    }
}
