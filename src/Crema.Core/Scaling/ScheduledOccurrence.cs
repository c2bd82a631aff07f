namespace Crema.Core.Scaling;

/// <summary>A scheduled action due at an instant.</summary>
public readonly record struct ScheduledOccurrence(ScheduledAction Action, DateTimeOffset At);
