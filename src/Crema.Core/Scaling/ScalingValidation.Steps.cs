namespace Crema.Core.Scaling;

/// <summary>Step scaling rules, as Application Auto Scaling documents them for StepAdjustment.</summary>
public static partial class ScalingValidation
{
    private static void Step(StepScalingPolicy p, List<ScalingError> errors)
    {
        if (!Enum.IsDefined(p.AdjustmentType)) errors.Add(new("AdjustmentType", "AdjustmentType must be ChangeInCapacity, ExactCapacity or PercentChangeInCapacity."));
        if (!Enum.IsDefined(p.MetricAggregationType)) errors.Add(new("MetricAggregationType", "MetricAggregationType must be Average, Minimum or Maximum."));
        Seconds("Cooldown", p.CooldownSeconds, errors);
        if (p.MinAdjustmentMagnitude is { } mag)
        {
            if (p.AdjustmentType != AdjustmentType.PercentChangeInCapacity)
                errors.Add(new("MinAdjustmentMagnitude", "MinAdjustmentMagnitude is allowed only with AdjustmentType PercentChangeInCapacity."));
            else if (mag < 1) errors.Add(new("MinAdjustmentMagnitude", "MinAdjustmentMagnitude must be at least 1."));
        }

        var steps = p.StepAdjustments;
        if (steps is null || steps.Count == 0)
        {
            errors.Add(new("StepAdjustments", "StepAdjustments must hold at least one step."));
            return;
        }
        if (steps.Count > ScalingLimits.MaxStepAdjustments)
            errors.Add(new("StepAdjustments", $"StepAdjustments must hold at most {ScalingLimits.MaxStepAdjustments} steps."));

        var nullLower = 0;
        var nullUpper = 0;
        var negativeLower = false;
        var positiveUpper = false;
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var f = $"StepAdjustments[{i}]";
            if (s.LowerBound is null && s.UpperBound is null) errors.Add(new(f, $"{f}: the lower and upper bound must not both be null."));
            if (s.LowerBound is null) nullLower++;
            if (s.UpperBound is null) nullUpper++;
            if (s.LowerBound is { } lo && !double.IsFinite(lo)) errors.Add(new(f + ".LowerBound", $"{f}.LowerBound must be a finite number."));
            if (s.UpperBound is { } hi && !double.IsFinite(hi)) errors.Add(new(f + ".UpperBound", $"{f}.UpperBound must be a finite number."));
            if (s.LowerBound is { } l && s.UpperBound is { } u && !(l < u)) errors.Add(new(f, $"{f}: LowerBound ({l}) must be below UpperBound ({u})."));
            if (s.LowerBound is < 0) negativeLower = true;
            if (s.UpperBound is > 0) positiveUpper = true;
            if (p.AdjustmentType == AdjustmentType.ExactCapacity && s.ScalingAdjustment < 0)
                errors.Add(new(f + ".ScalingAdjustment", $"{f}.ScalingAdjustment must not be negative for ExactCapacity."));
        }
        if (nullLower > 1) errors.Add(new("StepAdjustments", "At most one step may have a null LowerBound."));
        if (nullUpper > 1) errors.Add(new("StepAdjustments", "At most one step may have a null UpperBound."));
        if (negativeLower && nullLower == 0) errors.Add(new("StepAdjustments", "A step has a negative LowerBound, so one step must have a null LowerBound."));
        if (positiveUpper && nullUpper == 0) errors.Add(new("StepAdjustments", "A step has a positive UpperBound, so one step must have a null UpperBound."));
        if (errors.Count == 0) GapsAndOverlaps(steps, errors);
    }

    /// <summary>Sorted by lower bound, each step must start exactly where the previous one ends.</summary>
    private static void GapsAndOverlaps(IReadOnlyList<StepAdjustment> steps, List<ScalingError> errors)
    {
        var order = new int[steps.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => (steps[a].LowerBound ?? double.NegativeInfinity).CompareTo(steps[b].LowerBound ?? double.NegativeInfinity));
        for (var k = 1; k < order.Length; k++)
        {
            var prev = steps[order[k - 1]];
            var cur = steps[order[k]];
            var end = prev.UpperBound ?? double.PositiveInfinity;
            var start = cur.LowerBound ?? double.NegativeInfinity;
            if (start < end) errors.Add(new($"StepAdjustments[{order[k]}]", $"StepAdjustments[{order[k]}] overlaps StepAdjustments[{order[k - 1]}]: ranges must not overlap."));
            else if (start > end) errors.Add(new($"StepAdjustments[{order[k]}]", $"StepAdjustments[{order[k]}] leaves a gap after StepAdjustments[{order[k - 1]}]: ranges must not have gaps."));
        }
    }
}
