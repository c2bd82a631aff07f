namespace Crema.Core.Scaling;

/// <summary>A capacity change that happened: the engine reads recent ones for cooldowns and warm-up; the server stores them as history.</summary>
public sealed record ScalingActivity(
    DateTimeOffset At,
    int FromCapacity,
    int ToCapacity,
    ScalingDecisionKind Kind,
    string? PolicyName,
    string Cause);
