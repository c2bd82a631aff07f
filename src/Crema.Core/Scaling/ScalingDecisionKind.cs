namespace Crema.Core.Scaling;

/// <summary>What a decision does to the desired capacity.</summary>
public enum ScalingDecisionKind
{
    /// <summary>Nothing changes; the cause says why.</summary>
    None,

    ScaleOut,

    ScaleIn,

    /// <summary>A scheduled action set the minimum, maximum or desired capacity.</summary>
    Scheduled,

    /// <summary>The desired capacity was outside [min, max] and was moved to the nearest end.</summary>
    Clamp,
}
