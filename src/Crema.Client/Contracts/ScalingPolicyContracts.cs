namespace Crema.Client.Contracts;

/// <summary>The metric a target-tracking policy holds at its target: one metric statistic, or metric-math queries.</summary>
public sealed record ScalingMetricDto
{
    public string? Namespace { get; init; }
    public string? MetricName { get; init; }
    public IReadOnlyList<DimensionDto>? Dimensions { get; init; }

    /// <summary>SampleCount, Sum, Average, Minimum, Maximum or a percentile such as p90.</summary>
    public string? Statistic { get; init; }

    /// <summary>"Seconds" makes causes read in seconds or minutes.</summary>
    public string? Unit { get; init; }

    /// <summary>Instead of Namespace/MetricName/…: metric-math queries, exactly one with returnData.</summary>
    public IReadOnlyList<AlarmMetricQueryDto>? Metrics { get; init; }

    /// <summary>How a shop owner calls the number ("Order wait p90").</summary>
    public string? Label { get; init; }
}

/// <summary>Target tracking: keep the metric at TargetValue through two alarms Crema creates and manages.</summary>
public sealed record TargetTrackingConfigurationDto
{
    public ScalingMetricDto? Metric { get; init; }
    public double? TargetValue { get; init; }

    /// <summary>Seconds; default 300.</summary>
    public int? ScaleOutCooldown { get; init; }

    /// <summary>Seconds; default 300.</summary>
    public int? ScaleInCooldown { get; init; }

    /// <summary>Seconds new capacity needs before it serves; default 0.</summary>
    public int? Warmup { get; init; }
    public bool? DisableScaleIn { get; init; }

    /// <summary>Seconds per alarm datapoint; default 60.</summary>
    public int? Period { get; init; }
}

/// <summary>One step of a step-scaling policy, relative to the alarm's threshold.</summary>
public sealed record StepAdjustmentDto
{
    public double? MetricIntervalLowerBound { get; init; }
    public double? MetricIntervalUpperBound { get; init; }
    public int? ScalingAdjustment { get; init; }
}

/// <summary>Step scaling: when the user's alarm is in ALARM, change capacity by the step its metric falls in.</summary>
public sealed record StepScalingConfigurationDto
{
    /// <summary>The metric alarm (the user's own) that triggers the policy.</summary>
    public string? AlarmName { get; init; }

    /// <summary>ChangeInCapacity (default), ExactCapacity or PercentChangeInCapacity.</summary>
    public string? AdjustmentType { get; init; }
    public IReadOnlyList<StepAdjustmentDto>? StepAdjustments { get; init; }
    public int? MinAdjustmentMagnitude { get; init; }

    /// <summary>Seconds; default 300.</summary>
    public int? Cooldown { get; init; }

    /// <summary>Average (default), Minimum or Maximum.</summary>
    public string? MetricAggregationType { get; init; }
}

/// <summary>PUT /api/v1/scaling/targets/{target}/policies/{name}: create or replace a policy.</summary>
public sealed record PutScalingPolicyRequest
{
    /// <summary>TargetTracking or StepScaling.</summary>
    public string? PolicyType { get; init; }
    public TargetTrackingConfigurationDto? TargetTracking { get; init; }
    public StepScalingConfigurationDto? StepScaling { get; init; }
}

/// <summary>A policy with the alarms it uses (managed ones for target tracking).</summary>
public sealed record ScalingPolicyDto
{
    public string TargetName { get; init; } = "";
    public string PolicyName { get; init; } = "";
    public string PolicyType { get; init; } = "";
    public TargetTrackingConfigurationDto? TargetTracking { get; init; }
    public StepScalingConfigurationDto? StepScaling { get; init; }

    /// <summary>The alarms and their states now.</summary>
    public IReadOnlyList<ScalingPolicyAlarmDto> Alarms { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>An alarm a policy uses: its name, whether Crema manages it, and its state.</summary>
public sealed record ScalingPolicyAlarmDto(string AlarmName, bool Managed, string StateValue);

/// <summary>GET …/policies.</summary>
public sealed record ListScalingPoliciesResponse(IReadOnlyList<ScalingPolicyDto> Policies);
