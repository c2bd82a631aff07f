using Crema.Client.Contracts;
using Crema.Core.Scaling;

namespace Crema.Server.Scaling;

/// <summary>A policy in memory with the alarms it reads: its own managed pair (target tracking) or the user's alarm (step).</summary>
internal sealed class PolicyEntry
{
    private PolicyEntry(PutScalingPolicyRequest request, ScalingPolicy policy, TargetTrackingAlarmSet? alarms, DateTimeOffset created, DateTimeOffset updated)
    {
        Request = request;
        Policy = policy;
        Alarms = alarms;
        CreatedAt = created;
        UpdatedAt = updated;
    }

    public PutScalingPolicyRequest Request { get; }

    public ScalingPolicy Policy { get; }

    public string Name => Policy.Name;

    public TargetTrackingAlarmSet? Alarms { get; }

    public string? StepAlarm => Request.StepScaling?.AlarmName;

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset UpdatedAt { get; }

    /// <summary>Seconds per datapoint of the alarms read (60 for a step policy's user alarm).</summary>
    public int PeriodSeconds => Policy is TargetTrackingPolicy tt ? tt.PeriodSeconds : 60;

    public static PolicyEntry Create(PutScalingPolicyRequest request, ScalingPolicy policy, ScalableTarget target, DateTimeOffset created, DateTimeOffset updated) =>
        new(request, policy, policy is TargetTrackingPolicy tt ? TargetTrackingAlarms.For(target, tt) : null, created, updated);

    public bool UsesAlarm(string alarmName) =>
        Alarms is { } set ? set.SignalFor(alarmName) != PolicyAlarm.None : string.Equals(StepAlarm, alarmName, StringComparison.Ordinal);
}
