namespace Crema.Core.Alarms;

/// <summary>The three states of a metric alarm, as CloudWatch names them (OK, ALARM, INSUFFICIENT_DATA).</summary>
public enum AlarmState
{
    /// <summary>A new alarm starts here, and an alarm returns here when the data runs out (treat-missing-data "missing").</summary>
    InsufficientData,
    Ok,
    Alarm,
}
