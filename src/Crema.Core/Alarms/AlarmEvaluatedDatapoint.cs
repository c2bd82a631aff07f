namespace Crema.Core.Alarms;

/// <summary>One datapoint an evaluation used; a filled missing datapoint has no value.</summary>
public sealed record AlarmEvaluatedDatapoint(DateTimeOffset Timestamp, double? Value, double? SampleCount = null);
