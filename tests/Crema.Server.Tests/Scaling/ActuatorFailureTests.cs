using Crema.Client;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Scaling;

/// <summary>An actuator that fails or does not answer: a visible Failed activity, retries with backoff, capacity always within [min, max].</summary>
public sealed class ActuatorFailureTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private CremaTestServer _server = null!;
    private ActuatorReceiver _actuator = null!;

    public async Task InitializeAsync()
    {
        _server = await CremaTestServer.StartAsync(null, new FakeTimeProvider(Start));
        _actuator = await ActuatorReceiver.StartAsync(2);
    }

    public async Task DisposeAsync()
    {
        await _actuator.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_failing_actuator_leaves_a_failed_activity_and_is_retried_with_backoff_until_it_succeeds()
    {
        await ScalingHarness.RegisterAsync(_server, _actuator, "station-baristas", 1, 4, 2);
        _actuator.Mode = "Fail";
        var failed = await _server.Client.SetDesiredCapacityAsync("station-baristas", 3, "rush expected");
        Assert.Equal(("Failed", "Manual", 1), (failed.Status, failed.Kind, failed.Attempt));
        Assert.Contains("HTTP 500", failed.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("the rota system is down", failed.StatusMessage, StringComparison.Ordinal);
        Assert.Equal("Desired capacity set by root (rush expected): baristas 2 → 3", failed.Cause);
        var target = await _server.Client.GetScalableTargetAsync("station-baristas");
        Assert.Equal((3, (int?)2, 1, (DateTimeOffset?)Start.AddSeconds(30)), (target.DesiredCapacity, target.ActualCapacity, target.FailedAttempts, target.NextRetryAt));

        // Not before the backoff: nothing happens at +29 s.
        await ScalingHarness.TickAsync(_server, Start.AddSeconds(29));
        Assert.Single(_actuator.Requests);

        // First retry at +30 s fails again; the next waits twice as long (60 s).
        await ScalingHarness.TickAsync(_server, Start.AddSeconds(30));
        var retry = (await ScalingHarness.ActivitiesAsync(_server, "station-baristas"))[0];
        Assert.Equal(("Retry", "Failed", 2), (retry.Kind, retry.Status, retry.Attempt));
        target = await _server.Client.GetScalableTargetAsync("station-baristas");
        Assert.Equal((2, (DateTimeOffset?)Start.AddSeconds(90)), (target.FailedAttempts, target.NextRetryAt));

        // The actuator recovers: the second retry succeeds and the target is settled.
        _actuator.Mode = "Healthy";
        await ScalingHarness.TickAsync(_server, Start.AddSeconds(90));
        var ok = (await ScalingHarness.ActivitiesAsync(_server, "station-baristas"))[0];
        Assert.Equal(("Retry", "Successful", 3, 2, 3), (ok.Kind, ok.Status, ok.Attempt, ok.FromCapacity, ok.ToCapacity));
        target = await _server.Client.GetScalableTargetAsync("station-baristas");
        Assert.Equal((3, (int?)3, 0, (DateTimeOffset?)null), (target.DesiredCapacity, target.ActualCapacity, target.FailedAttempts, target.NextRetryAt));
        Assert.Equal(3, _actuator.Requests.Count);
        Assert.All(_actuator.Requests, r => Assert.Equal(3, r.Desired));

        // Settled: later rounds send nothing.
        await ScalingHarness.TickAsync(_server, Start.AddMinutes(30));
        Assert.Equal(3, _actuator.Requests.Count);
    }

    [Fact]
    public async Task An_actuator_that_does_not_answer_in_time_fails_the_activity_and_desired_stays_within_the_limits()
    {
        await ScalingHarness.RegisterAsync(_server, _actuator, "harbour-baristas", 1, 3, 1, timeoutSeconds: 1);
        _actuator.Mode = "Hang";
        var failed = await _server.Client.SetDesiredCapacityAsync("harbour-baristas", 3);
        Assert.Equal("Failed", failed.Status);
        Assert.Contains("no answer within 1 s", failed.StatusMessage, StringComparison.Ordinal);

        // Outside [min, max] is refused before anything is sent, naming the field.
        var refused = await Assert.ThrowsAsync<CremaApiException>(() => _server.Client.SetDesiredCapacityAsync("harbour-baristas", 4));
        Assert.Equal(400, refused.Status);
        Assert.Contains("DesiredCapacity", refused.Message, StringComparison.Ordinal);
        Assert.Contains("MaxCapacity (3)", refused.Message, StringComparison.Ordinal);
        Assert.Single(_actuator.Requests);

        // A scheduled action that lowers the maximum moves the pending desired capacity with it, and the retry asks for that.
        await _server.Client.PutScheduledActionAsync("harbour-baristas", "quiet", new Client.Contracts.PutScheduledActionRequest
        {
            Schedule = "at(2025-03-10T09:00:10)",
            MaxCapacity = 2,
        });
        _actuator.Mode = "Healthy";
        await ScalingHarness.TickAsync(_server, Start.AddSeconds(20));
        var target = await _server.Client.GetScalableTargetAsync("harbour-baristas");
        Assert.Equal((2, 2, (int?)2), (target.MaxCapacity, target.DesiredCapacity, target.ActualCapacity));
        Assert.All(_actuator.Requests, r => Assert.InRange(r.Desired!.Value, 1, 3));
        Assert.Equal(2, _actuator.Requests[^1].Desired);
    }
}
