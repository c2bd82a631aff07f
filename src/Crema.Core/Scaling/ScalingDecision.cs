namespace Crema.Core.Scaling;

/// <summary>The outcome of one scaling evaluation: the new desired capacity, a cause a shop owner understands, and the data behind it.</summary>
/// <param name="TargetName">The target decided for.</param>
/// <param name="Kind">What happens to the desired capacity.</param>
/// <param name="OldCapacity">The desired capacity before.</param>
/// <param name="NewCapacity">The desired capacity after (equal to OldCapacity when nothing changes).</param>
/// <param name="Cause">e.g. "Order wait p90 6.2 min is above the 3 min target: baristas 2 → 3".</param>
/// <param name="PolicyName">The policy that won; null for none, a clamp or a scheduled action.</param>
/// <param name="MetricValue">The winning policy's metric value.</param>
/// <param name="TargetValue">Target tracking: the target; step: the alarm threshold.</param>
/// <param name="Proposals">Every policy's proposal, for the activity log.</param>
public sealed record ScalingDecision(
    string TargetName,
    ScalingDecisionKind Kind,
    int OldCapacity,
    int NewCapacity,
    string Cause,
    string? PolicyName,
    double? MetricValue,
    double? TargetValue,
    IReadOnlyList<PolicyProposal> Proposals)
{
    /// <summary>True when the desired capacity changes: call the actuator and record an activity.</summary>
    public bool Changed => NewCapacity != OldCapacity;

    /// <summary>The activity to store once the change is made.</summary>
    public ScalingActivity ToActivity(DateTimeOffset at) => new(at, OldCapacity, NewCapacity, Kind, PolicyName, Cause);
}
