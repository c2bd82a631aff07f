namespace Crema.Core.Scaling;

/// <summary>Limits checked by <see cref="ScalingValidation"/>.</summary>
public static class ScalingLimits
{
    public const int MaxNameLength = 255;
    public const int MaxDescriptionLength = 1024;
    public const int MaxCapacity = 1_000_000;
    public const int MaxCapacityUnitLength = 64;
    public const int MaxActuatorLength = 8192;

    /// <summary>Cooldowns and warm-up: 0 to one day, as AWS allows.</summary>
    public const int MaxSeconds = 86_400;

    public const int MaxStepAdjustments = 20;
}
