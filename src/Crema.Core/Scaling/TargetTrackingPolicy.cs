namespace Crema.Core.Scaling;

/// <summary>Keeps a metric at a target value by proportional scaling, through two alarms Crema creates (see <see cref="TargetTrackingAlarms"/>).</summary>
/// <remarks>The metric must fall as capacity rises (order wait, utilisation, work per worker).</remarks>
public sealed record TargetTrackingPolicy : ScalingPolicy
{
    public required ScalingMetric Metric { get; init; }

    /// <summary>The value to hold the metric at; positive.</summary>
    public required double TargetValue { get; init; }

    /// <summary>Default 300 s, as Application Auto Scaling's custom resources.</summary>
    public int ScaleOutCooldownSeconds { get; init; } = 300;

    /// <summary>Default 300 s.</summary>
    public int ScaleInCooldownSeconds { get; init; } = 300;

    /// <summary>Seconds new capacity needs before it serves (instance warm-up); it does not count as serving until then. Default 0.</summary>
    public int WarmupSeconds { get; init; }

    /// <summary>When set the policy only scales out, creates no low alarm and does not hold back other policies' scale-in.</summary>
    public bool DisableScaleIn { get; init; }

    /// <summary>Period of the alarms' datapoints; default 60 s (10, 20, 30 or a multiple of 60).</summary>
    public int PeriodSeconds { get; init; } = 60;

    public override int EffectiveScaleOutCooldownSeconds => ScaleOutCooldownSeconds;

    public override int EffectiveScaleInCooldownSeconds => ScaleInCooldownSeconds;
}
