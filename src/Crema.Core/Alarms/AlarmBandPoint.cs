namespace Crema.Core.Alarms;

/// <summary>The anomaly band of one period for band operators; a side the operator needs but is null makes the datapoint missing.</summary>
public readonly record struct AlarmBandPoint(double? Lower, double? Upper);
