using Crema.Core.Alarms;

namespace Crema.Core.Scaling;

/// <summary>The alarms a target-tracking policy needs; the server creates them as ordinary Crema alarms and feeds their state back as <see cref="ScalingObservation"/>s.</summary>
/// <param name="High">Metric above the target for 3 of 3 periods: scale out.</param>
/// <param name="Low">Metric below 90 % of the target for 15 of 15 periods: scale in. Null when the policy has DisableScaleIn.</param>
public sealed record TargetTrackingAlarmSet(MetricAlarmDefinition High, MetricAlarmDefinition? Low)
{
    /// <summary>Which signal an alarm of this set gives when it is in ALARM (None for a name not in the set).</summary>
    public PolicyAlarm SignalFor(string alarmName)
        => alarmName == High.Name ? PolicyAlarm.High : Low is not null && alarmName == Low.Name ? PolicyAlarm.Low : PolicyAlarm.None;
}
