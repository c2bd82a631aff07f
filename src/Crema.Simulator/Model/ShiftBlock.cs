namespace Crema.Simulator.Model;

/// <summary>A stretch of the day with its own number of baristas (a rush shift).</summary>
/// <param name="From">Local start time (inclusive).</param>
/// <param name="To">Local end time (exclusive).</param>
/// <param name="Baristas">Baristas on shift during the block.</param>
public sealed record ShiftBlock(TimeOnly From, TimeOnly To, int Baristas);
