namespace Crema.Simulator.Engine;

/// <summary>An order's wait, kept for the recent-p90 of the live summary.</summary>
internal readonly record struct CompletedWait(long ServedTicks, double WaitSeconds);
