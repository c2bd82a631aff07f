using Crema.Simulator.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Simulator.Tests.Timing;

public class RunnerTests
{
    private static readonly DateTimeOffset Wall = new(2025, 6, 11, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_fake_minute_at_120x_advances_the_shops_two_hours_then_time_runs_at_1x()
    {
        var fake = new FakeTimeProvider(Wall);
        var sink = new InMemoryMetricSink();
        using var sim = new CoffeeShopSimulation(new SimulatorOptions(), sink, fake);
        var start = Wall.AddHours(-12);
        Assert.Equal(start, sim.Clock.SimStart);
        Assert.Equal(start, sim.SimulatedNow);

        fake.Advance(TimeSpan.FromMinutes(1));
        await sim.TickAsync();
        Assert.Equal(start.AddHours(2), sim.SimulatedNow);
        Assert.All(sim.Shops, s => Assert.Equal(start.AddHours(2), s.Now));
        Assert.All(sim.Snapshot(), s => Assert.Equal(start.AddHours(2), s.SimTime));
        // 3 shops × 720 intervals of gauges at least.
        Assert.True(sink.Stats.DatumsSent >= 3 * 720 * 5);

        // 12 h behind, gaining 119 s per second: caught up after about 6 minutes.
        fake.Advance(TimeSpan.FromMinutes(6));
        await sim.TickAsync();
        Assert.Equal(fake.GetUtcNow(), sim.SimulatedNow);

        var before = sim.SimulatedNow;
        fake.Advance(TimeSpan.FromMinutes(1));
        await sim.TickAsync();
        Assert.Equal(before.AddMinutes(1), sim.SimulatedNow);
        Assert.All(sink.Datums(), d => Assert.True(d.Timestamp <= fake.GetUtcNow()));
    }

    [Fact]
    public async Task RunAsync_follows_the_fake_clock_and_stops_when_cancelled()
    {
        var fake = new FakeTimeProvider(Wall);
        var sink = new InMemoryMetricSink();
        using var sim = new CoffeeShopSimulation(new SimulatorOptions { Shops = 1 }, sink, fake);
        var target = sim.Clock.SimStart.AddHours(2);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sim.Ticked += (_, e) =>
        {
            if (e.SimulatedNow >= target) reached.TrySetResult();
        };

        using var cts = new CancellationTokenSource();
        var run = sim.RunAsync(cts.Token);
        fake.Advance(TimeSpan.FromMinutes(1));
        // A safety net against a hang, not a wait for time to pass: the fake clock has already moved.
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(target, sim.SimulatedNow);

        cts.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_returns_at_SimEnd()
    {
        var fake = new FakeTimeProvider(Wall);
        var sink = new InMemoryMetricSink();
        var options = new SimulatorOptions { Shops = 1, SimStart = Wall.AddHours(-3), SimEnd = Wall.AddHours(-2) };
        using var sim = new CoffeeShopSimulation(options, sink, fake);
        var run = sim.RunAsync(CancellationToken.None);
        fake.Advance(TimeSpan.FromMinutes(1));
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(sim.IsFinished);
        Assert.Equal(Wall.AddHours(-2), sim.SimulatedNow);
        Assert.All(sink.Datums(), d => Assert.True(d.Timestamp < Wall.AddHours(-2)));
    }

    [Fact]
    public async Task A_throwing_sink_is_counted_and_the_shops_carry_on()
    {
        var fake = new FakeTimeProvider(Wall);
        using var sim = new CoffeeShopSimulation(new SimulatorOptions { Shops = 1 }, new ThrowingSink(), fake);
        fake.Advance(TimeSpan.FromSeconds(10));
        await sim.TickAsync();
        fake.Advance(TimeSpan.FromSeconds(10));
        await sim.TickAsync();
        Assert.True(sim.SendErrors >= 2);
        Assert.Equal("down", sim.LastSendError);
        Assert.Equal(sim.Clock.SimStart.AddMinutes(40), sim.SimulatedNow);
    }

    [Fact]
    public async Task SetBaristas_reaches_the_named_shop_and_refuses_unknown_names()
    {
        var fake = new FakeTimeProvider(Wall);
        using var sim = new CoffeeShopSimulation(new SimulatorOptions(), new InMemoryMetricSink(), fake);
        // A closed shop has nobody on shift; a setting made at night applies from opening.
        sim.SetBaristas("Harbour", 4);
        Assert.Equal(0, sim.Snapshot().Single(s => s.Shop == "Harbour").Baristas);
        Assert.True(sim.Snapshot().Single(s => s.Shop == "Harbour").BaristasOverridden);

        fake.Advance(TimeSpan.FromMinutes(3.5));
        await sim.TickAsync();
        Assert.Equal(Wall.Date.AddHours(10), sim.SimulatedNow);
        Assert.Equal(4, sim.Snapshot().Single(s => s.Shop == "Harbour").Baristas);
        sim.SetBaristas("Harbour", 3);
        Assert.Equal(3, sim.Snapshot().Single(s => s.Shop == "Harbour").Baristas);
        Assert.Equal(["Central", "Station", "Harbour"], sim.Snapshot().Select(s => s.Shop));
        var e = Assert.Throws<ArgumentException>(() => sim.SetBaristas("Nowhere", 2));
        Assert.Contains("Nowhere", e.Message);
    }

    [Fact]
    public void Options_errors_name_the_field()
    {
        var fake = new FakeTimeProvider(Wall);
        var e = Assert.Throws<ArgumentException>(() => new CoffeeShopSimulation(
            new SimulatorOptions { Acceleration = 0, EmitInterval = TimeSpan.FromMilliseconds(1500) }, new InMemoryMetricSink(), fake));
        Assert.Contains("Acceleration", e.Message);
        Assert.Contains("EmitInterval", e.Message);
        e = Assert.Throws<ArgumentException>(() => new CoffeeShopSimulation(
            new SimulatorOptions { SimStart = Wall.AddDays(-20) }, new InMemoryMetricSink(), fake));
        Assert.Contains("SimStart", e.Message);
        e = Assert.Throws<ArgumentException>(() => new CoffeeShopSimulation(
            new SimulatorOptions { SimStart = Wall.AddHours(1) }, new InMemoryMetricSink(), fake));
        Assert.Contains("SimStart", e.Message);
    }

    [Fact]
    public async Task Fast_steps_share_requests_and_FlushAsync_sends_the_rest()
    {
        var fake = new FakeTimeProvider(Wall);
        var sink = new InMemoryMetricSink();
        using var sim = new CoffeeShopSimulation(new SimulatorOptions { Shops = 2 }, sink, fake);
        // 100-ms steps at 120×: one 10-s interval per step, flushed once per wall second.
        var ticks = 0;
        for (var i = 0; i < 55; i++)
        {
            fake.Advance(TimeSpan.FromMilliseconds(100));
            if (await sim.TickAsync() > 0) ticks++;
        }
        Assert.Equal(55, ticks);
        Assert.InRange(sink.Requests().Length, 5, 6);
        Assert.True(sink.Stats.DatumsSent < sim.DatumsEmitted);

        await sim.FlushAsync();
        Assert.Equal(sim.DatumsEmitted, sink.Stats.DatumsSent);
        // 5.5 wall seconds at 120× are 11 simulated minutes: 66 intervals per shop.
        Assert.Equal(2 * 66, sink.Datums().Count(d => d.MetricName == MetricNames.StockCups));
    }

    private sealed class ThrowingSink : IMetricSink
    {
        public MetricSinkStats Stats => default;

        public Task SendAsync(Crema.Client.Contracts.PutMetricDataRequest request, CancellationToken ct = default)
            => throw new InvalidOperationException("down");
    }
}
