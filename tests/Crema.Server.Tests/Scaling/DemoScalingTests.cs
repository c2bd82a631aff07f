using Crema.Cli.Commands;
using Crema.Server.Tests.TestSupport;
using Crema.Simulator;
using Crema.Simulator.Metrics;
using Crema.Simulator.Scaling;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Scaling;

/// <summary>The demo closes the loop: each shop's baristas become a target on the simulator's signed actuator, which takes over the staffing.</summary>
public sealed class DemoScalingTests : IAsyncLifetime
{
    // Tuesday 10:00 UTC: every default shop is open and outside its rush blocks.
    private static readonly DateTimeOffset Now = new(2025, 6, 10, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private CremaTestServer _server = null!;
    private CoffeeShopSimulation _sim = null!;
    private ShopActuatorListener _listener = null!;

    public async Task InitializeAsync()
    {
        _server = await CremaTestServer.StartAsync(null, _time);
        _sim = new CoffeeShopSimulation(new SimulatorOptions { Lookback = TimeSpan.Zero }, new InMemoryMetricSink(), _time);
        _listener = ShopActuatorListener.Start(_sim, DemoScaling.WarmUp, _time);
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        _sim.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_demo_registers_each_shop_with_a_wait_policy_and_a_morning_schedule_and_scaling_takes_over_the_baristas()
    {
        await DemoScaling.SetUpAsync(_server.Client, _sim, _listener, CancellationToken.None);
        var targets = (await _server.Client.ListScalableTargetsAsync()).Targets;
        Assert.Equal(["baristas-Central", "baristas-Harbour", "baristas-Station"], targets.Select(t => t.Name));
        foreach (var shop in _sim.Shops)
        {
            var t = targets.Single(x => x.Name == DemoScaling.TargetName(shop.Name));
            Assert.Equal(shop.Profile.OffPeakBaristas, t.MinCapacity);
            Assert.Equal([DemoScaling.PolicyName], t.Policies);
            Assert.Equal(["weekday-after-rush", "weekday-morning-rush"], t.ScheduledActions);
            var policy = await _server.Client.GetScalingPolicyAsync(t.Name, DemoScaling.PolicyName);
            Assert.Equal(2, policy.Alarms.Count);
            Assert.True(policy.TargetTracking!.TargetValue < DemoAlarms.WaitThresholdSeconds);

            // The hand-over went through the signed listener: the shop now runs on the number scaling asked for.
            var activity = (await _server.Client.ListScalingActivitiesAsync(t.Name)).Activities.Single();
            Assert.Equal("Successful", activity.Status);
            Assert.Equal(t.DesiredCapacity, shop.Staffing().Requested);
            Assert.Equal(t.DesiredCapacity, t.ActualCapacity);
        }
        Assert.Equal((3L, 0L), _listener.Counts);

        // Running it again (a second `crema demo` on the same data) replaces the targets and the listener's secrets still match.
        await DemoScaling.SetUpAsync(_server.Client, _sim, _listener, CancellationToken.None);
        Assert.Equal((6L, 0L), _listener.Counts);
        var central = await _server.Client.SetDesiredCapacityAsync("baristas-Central", 4);
        Assert.Equal("Successful", central.Status);
        Assert.Equal(4, _sim.FindShop("Central")!.Staffing().Requested);
    }
}
