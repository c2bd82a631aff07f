namespace Crema.Core.Scaling;

/// <summary>The target after a scheduled action, and the decision to act on and record (Kind Scheduled, or None when skipped).</summary>
public sealed record ScheduledScalingResult(ScalableTarget Target, ScalingDecision Decision);
