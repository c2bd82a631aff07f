namespace Crema.Core.Scaling;

/// <summary>Which kinds of scaling are paused for a target (Application Auto Scaling's SuspendedState).</summary>
/// <param name="DynamicScalingIn">Policies do not lower the capacity.</param>
/// <param name="DynamicScalingOut">Policies do not raise the capacity.</param>
/// <param name="ScheduledScaling">Scheduled actions are not applied.</param>
public readonly record struct ScalingSuspension(bool DynamicScalingIn, bool DynamicScalingOut, bool ScheduledScaling)
{
    /// <summary>Nothing suspended.</summary>
    public static ScalingSuspension None => default;
}
