namespace Crema.Core.Scaling;

/// <summary>A dynamic scaling policy of one target: <see cref="TargetTrackingPolicy"/> or <see cref="StepScalingPolicy"/>.</summary>
public abstract record ScalingPolicy
{
    private protected ScalingPolicy()
    {
    }

    /// <summary>Unique per target: 1 to 255 letters, digits, '-', '_' or '.'.</summary>
    public required string Name { get; init; }

    /// <summary>Seconds after a scale-out before this policy scales out again from the same base (see the engine's remarks).</summary>
    public abstract int EffectiveScaleOutCooldownSeconds { get; }

    /// <summary>Seconds after a scale-in before this policy scales in again.</summary>
    public abstract int EffectiveScaleInCooldownSeconds { get; }
}
