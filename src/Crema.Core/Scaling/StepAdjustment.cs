namespace Crema.Core.Scaling;

/// <summary>One step: applies when (metric − alarm threshold) lies in [lower, upper) above the threshold, (lower, upper] below it; null is unbounded.</summary>
public sealed record StepAdjustment(double? LowerBound, double? UpperBound, int ScalingAdjustment)
{
    /// <summary>True when the step covers <paramref name="difference"/> = metric − threshold, with AWS's inclusive ends.</summary>
    public bool Covers(double difference)
    {
        var lo = LowerBound ?? double.NegativeInfinity;
        var hi = UpperBound ?? double.PositiveInfinity;
        // Above (or at) the threshold the lower end is inclusive; below it the upper end is.
        return difference >= 0 ? difference >= lo && difference < hi : difference > lo && difference <= hi;
    }
}
