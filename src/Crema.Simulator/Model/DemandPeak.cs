namespace Crema.Simulator.Model;

/// <summary>A bell-shaped bump of customers around a time of day.</summary>
/// <param name="Center">Local time of the peak.</param>
/// <param name="Width">Standard deviation of the bump.</param>
/// <param name="Height">Added to the demand shape at the peak (1 = the reference peak rate).</param>
public sealed record DemandPeak(TimeOnly Center, TimeSpan Width, double Height);
