namespace Crema.Core.Advisor;

/// <summary>One capacity change of a scalable target.</summary>
public sealed record AdvisorCapacityChange(DateTimeOffset At, int From, int To);
