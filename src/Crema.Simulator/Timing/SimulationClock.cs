namespace Crema.Simulator.Timing;

/// <summary>Maps wall-clock time to simulated time: accelerated from a start in the past until the
/// simulated clock is <see cref="MaxLead"/> ahead of the wall clock, then 1×.</summary>
/// <remarks>sim(wall) = min(SimStart + (wall − WallStart) × Acceleration, wall + MaxLead), never before SimStart.
/// A pure function of the wall time, so a late or skipped tick changes nothing but the step size.</remarks>
public sealed class SimulationClock
{
    /// <summary>Creates the mapping; <paramref name="simStart"/> must not be later than <paramref name="wallStart"/> + <paramref name="maxLead"/>.</summary>
    public SimulationClock(DateTimeOffset wallStart, DateTimeOffset simStart, double acceleration, TimeSpan maxLead)
    {
        if (!(acceleration >= 1)) throw new ArgumentOutOfRangeException(nameof(acceleration), acceleration, "Acceleration must be at least 1");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLead, TimeSpan.Zero);
        if (simStart > wallStart + maxLead)
            throw new ArgumentOutOfRangeException(nameof(simStart), simStart, "SimStart must not be later than the wall clock plus MaxLead");
        WallStart = wallStart;
        SimStart = simStart;
        Acceleration = acceleration;
        MaxLead = maxLead;
    }

    public DateTimeOffset WallStart { get; }
    public DateTimeOffset SimStart { get; }
    public double Acceleration { get; }
    public TimeSpan MaxLead { get; }

    /// <summary>The wall time at which the simulated clock catches up and switches to 1×; null if it never does (acceleration 1 from a start behind).</summary>
    public DateTimeOffset? CatchUpWallTime
    {
        get
        {
            // SimStart + d·a = WallStart + d + MaxLead  ⇒  d = (WallStart + MaxLead − SimStart) / (a − 1)
            var gap = (WallStart + MaxLead - SimStart).Ticks;
            if (gap == 0) return WallStart;
            if (Acceleration <= 1) return null;
            return WallStart + TimeSpan.FromTicks((long)Math.Ceiling(gap / (Acceleration - 1)));
        }
    }

    /// <summary>The simulated time at wall time <paramref name="wall"/>.</summary>
    public DateTimeOffset SimTimeAt(DateTimeOffset wall)
    {
        if (wall <= WallStart) return SimStart;
        var elapsed = (double)(wall - WallStart).Ticks * Acceleration;
        var limit = wall + MaxLead;
        var headroom = (double)(limit - SimStart).Ticks;
        if (elapsed >= headroom) return limit < SimStart ? SimStart : limit;
        return SimStart + TimeSpan.FromTicks((long)elapsed);
    }

    /// <summary>True while the simulated clock runs accelerated (has not yet caught up) at <paramref name="wall"/>.</summary>
    public bool IsCatchingUp(DateTimeOffset wall) => SimTimeAt(wall) < wall + MaxLead;
}
