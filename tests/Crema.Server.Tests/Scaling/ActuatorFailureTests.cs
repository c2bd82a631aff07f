using Crema.Client;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Scaling;

/// <summary>An actuator that fails or does not answer: a visible Failed activity, retries with backoff, capacity always within [min, max].</summary>
public sealed class ActuatorFailureTests() : ScalingServerTest(Start, 2)
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_failingActuator_leaves_a_failed_activity_and_is_retried_with_backoff_until_it_succeeds()
    {
        await ScalingHarness.RegisterAsync(Server, Actuator, "station-baristas", 1, 4, 2);
        Actuator.Mode = "Fail";
        var failed = await Server.Client.SetDesiredCapacityAsync("station-baristas", 3, "rush expected");
        Assert.Equal(("Failed", "Manual", 1), (failed.Status, failed.Kind, failed.Attempt));
        Assert.Contains("HTTP 500", failed.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("the rota system is down", failed.StatusMessage, StringComparison.Ordinal);
        Assert.Equal("Desired capacity set by root (rush expected): baristas 2 → 3", failed.Cause);
        var target = await Server.Client.GetScalableTargetAsync("station-baristas");
        Assert.Equal((3, (int?)2, 1, (DateTimeOffset?)Start.AddSeconds(30)), (target.DesiredCapacity, target.ActualCapacity, target.FailedAttempts, target.NextRetryAt));

        // Not before the backoff: nothing happens at +29 s.
        await ScalingHarness.TickAsync(Server, Start.AddSeconds(29));
        Assert.Single(Actuator.Requests);

        // First retry at +30 s fails again; the next waits twice as long (60 s).
        await ScalingHarness.TickAsync(Server, Start.AddSeconds(30));
        var retry = (await ScalingHarness.ActivitiesAsync(Server, "station-baristas"))[0];
        Assert.Equal(("Retry", "Failed", 2), (retry.Kind, retry.Status, retry.Attempt));
        target = await Server.Client.GetScalableTargetAsync("station-baristas");
        Assert.Equal((2, (DateTimeOffset?)Start.AddSeconds(90)), (target.FailedAttempts, target.NextRetryAt));

        // The actuator recovers: the second retry succeeds and the target is settled.
        Actuator.Mode = "Healthy";
        await ScalingHarness.TickAsync(Server, Start.AddSeconds(90));
        var ok = (await ScalingHarness.ActivitiesAsync(Server, "station-baristas"))[0];
        Assert.Equal(("Retry", "Successful", 3, 2, 3), (ok.Kind, ok.Status, ok.Attempt, ok.FromCapacity, ok.ToCapacity));
        target = await Server.Client.GetScalableTargetAsync("station-baristas");
        Assert.Equal((3, (int?)3, 0, (DateTimeOffset?)null), (target.DesiredCapacity, target.ActualCapacity, target.FailedAttempts, target.NextRetryAt));
        Assert.Equal(3, Actuator.Requests.Count);
        Assert.All(Actuator.Requests, r => Assert.Equal(3, r.Desired));

        // Settled: later rounds send nothing.
        await ScalingHarness.TickAsync(Server, Start.AddMinutes(30));
        Assert.Equal(3, Actuator.Requests.Count);
    }

    [Fact]
    public async Task AnActuator_that_does_not_answer_in_time_fails_the_activity_and_desired_stays_within_the_limits()
    {
        await ScalingHarness.RegisterAsync(Server, Actuator, "harbour-baristas", 1, 3, 1, timeoutSeconds: 1);
        Actuator.Mode = "Hang";
        var failed = await Server.Client.SetDesiredCapacityAsync("harbour-baristas", 3);
        Assert.Equal("Failed", failed.Status);
        Assert.Contains("no answer within 1 s", failed.StatusMessage, StringComparison.Ordinal);

        // Outside [min, max] is refused before anything is sent, naming the field.
        var refused = await Assert.ThrowsAsync<CremaApiException>(() => Server.Client.SetDesiredCapacityAsync("harbour-baristas", 4));
        Assert.Equal(400, refused.Status);
        Assert.Contains("DesiredCapacity", refused.Message, StringComparison.Ordinal);
        Assert.Contains("MaxCapacity (3)", refused.Message, StringComparison.Ordinal);
        Assert.Single(Actuator.Requests);

        // A scheduled action that lowers the maximum moves the pending desired capacity with it, and the retry asks for that.
        await Server.Client.PutScheduledActionAsync("harbour-baristas", "quiet", new Client.Contracts.PutScheduledActionRequest
        {
            Schedule = "at(2025-03-10T09:00:10)",
            MaxCapacity = 2,
        });
        Actuator.Mode = "Healthy";
        await ScalingHarness.TickAsync(Server, Start.AddSeconds(20));
        var target = await Server.Client.GetScalableTargetAsync("harbour-baristas");
        Assert.Equal((2, 2, (int?)2), (target.MaxCapacity, target.DesiredCapacity, target.ActualCapacity));
        Assert.All(Actuator.Requests, r => Assert.InRange(r.Desired!.Value, 1, 3));
        Assert.Equal(2, Actuator.Requests[^1].Desired);
    }
}
