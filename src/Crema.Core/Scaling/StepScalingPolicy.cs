namespace Crema.Core.Scaling;

/// <summary>Scales by a step chosen by how far the metric is past the threshold of an alarm the user owns.</summary>
public sealed record StepScalingPolicy : ScalingPolicy
{
    public required AdjustmentType AdjustmentType { get; init; }

    /// <summary>Non-overlapping, gap-free steps relative to the alarm threshold.</summary>
    public required IReadOnlyList<StepAdjustment> StepAdjustments { get; init; }

    /// <summary>For PercentChangeInCapacity: the smallest change in capacity (magnitude).</summary>
    public int? MinAdjustmentMagnitude { get; init; }

    /// <summary>Default 300 s; used as both scale-out and scale-in cooldown.</summary>
    public int CooldownSeconds { get; init; } = 300;

    public MetricAggregationType MetricAggregationType { get; init; } = MetricAggregationType.Average;

    public override int EffectiveScaleOutCooldownSeconds => CooldownSeconds;

    public override int EffectiveScaleInCooldownSeconds => CooldownSeconds;

    /// <summary>Combines the breaching datapoints by <see cref="MetricAggregationType"/>; NaN when there are none.</summary>
    public double Aggregate(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        var acc = MetricAggregationType == MetricAggregationType.Average ? 0.0 : values[0];
        foreach (var v in values)
        {
            acc = MetricAggregationType switch
            {
                MetricAggregationType.Minimum => Math.Min(acc, v),
                MetricAggregationType.Maximum => Math.Max(acc, v),
                _ => acc + v,
            };
        }
        return MetricAggregationType == MetricAggregationType.Average ? acc / values.Length : acc;
    }

    /// <summary>The step covering metric − threshold, or null.</summary>
    public StepAdjustment? StepFor(double difference)
    {
        foreach (var s in StepAdjustments)
            if (s.Covers(difference)) return s;
        return null;
    }
}
