using Crema.Simulator.Timing;

namespace Crema.Simulator.Tests.Timing;

public class SimulationClockTests
{
    private static readonly DateTimeOffset Wall = new(2025, 6, 11, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void One_wall_minute_at_120x_is_two_simulated_hours()
    {
        var clock = new SimulationClock(Wall, Wall.AddHours(-12), 120, TimeSpan.Zero);
        Assert.Equal(Wall.AddHours(-12), clock.SimTimeAt(Wall));
        Assert.Equal(Wall.AddHours(-10), clock.SimTimeAt(Wall.AddMinutes(1)));
        Assert.True(clock.IsCatchingUp(Wall.AddMinutes(1)));
    }

    [Fact]
    public void After_catching_up_it_runs_in_real_time()
    {
        var clock = new SimulationClock(Wall, Wall.AddHours(-12), 120, TimeSpan.Zero);
        // 12 h behind, gaining 119 s per wall second.
        var catchUp = clock.CatchUpWallTime!.Value;
        Assert.Equal(TimeSpan.FromHours(12).TotalSeconds / 119, (catchUp - Wall).TotalSeconds, 1e-6);
        var later = catchUp.AddMinutes(3);
        Assert.Equal(later, clock.SimTimeAt(later));
        Assert.Equal(later.AddMinutes(1), clock.SimTimeAt(later.AddMinutes(1)));
        Assert.False(clock.IsCatchingUp(later));
    }

    [Fact]
    public void Never_runs_ahead_of_the_wall_clock_by_more_than_the_lead_and_never_goes_back()
    {
        var rng = new Random(12);
        for (var trial = 0; trial < 200; trial++)
        {
            var lead = TimeSpan.FromMinutes(rng.Next(0, 61));
            var acc = 1 + rng.NextDouble() * 1000;
            var start = Wall - TimeSpan.FromMinutes(rng.Next(0, 13 * 24 * 60));
            var clock = new SimulationClock(Wall, start, acc, lead);
            var previous = clock.SimTimeAt(Wall);
            var wall = Wall;
            for (var i = 0; i < 50; i++)
            {
                wall += TimeSpan.FromMilliseconds(rng.Next(0, 600_000));
                var sim = clock.SimTimeAt(wall);
                Assert.True(sim <= wall + lead);
                Assert.True(sim >= previous);
                var expectedAccelerated = start + TimeSpan.FromTicks((long)((wall - Wall).Ticks * acc));
                var expected = expectedAccelerated < wall + lead ? expectedAccelerated : wall + lead;
                Assert.True(Math.Abs((sim - expected).Ticks) <= 1, $"{sim:o} vs {expected:o}");
                previous = sim;
            }
        }
    }

    [Fact]
    public void Refuses_a_start_beyond_the_lead()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationClock(Wall, Wall.AddMinutes(1), 120, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationClock(Wall, Wall, 0.5, TimeSpan.Zero));
    }
}
