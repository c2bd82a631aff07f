namespace Crema.Core.Scaling;

/// <summary>How a step's ScalingAdjustment is read.</summary>
public enum AdjustmentType
{
    /// <summary>Add the adjustment to the current capacity (negative removes).</summary>
    ChangeInCapacity,

    /// <summary>Set the capacity to the adjustment (non-negative).</summary>
    ExactCapacity,

    /// <summary>Add this percentage of the current capacity, rounded toward zero but at least ±1 (and at least MinAdjustmentMagnitude).</summary>
    PercentChangeInCapacity,
}
