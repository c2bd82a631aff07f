namespace Crema.Core.Alarms;

/// <summary>The closed periods an evaluation reads: <see cref="Periods"/> periods from <see cref="Start"/> up to <see cref="End"/> (exclusive).</summary>
public readonly record struct AlarmEvaluationRange(DateTimeOffset Start, DateTimeOffset End, int Periods, int PeriodSeconds);
