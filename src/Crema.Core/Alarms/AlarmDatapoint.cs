namespace Crema.Core.Alarms;

/// <summary>The statistic of one period of the evaluated series; a null (or NaN) value is a missing datapoint.</summary>
/// <remarks><c>SampleCount</c>: How many samples made the value, when known; reported in the reason data.</remarks>
public readonly record struct AlarmDatapoint(DateTimeOffset PeriodStart, double? Value, double? SampleCount = null);
