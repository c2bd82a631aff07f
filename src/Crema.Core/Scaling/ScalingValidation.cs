using Crema.Core.Alarms;

namespace Crema.Core.Scaling;

/// <summary>Checks targets, policies and scheduled actions; each error names the field and the rule. Empty means valid.</summary>
public static partial class ScalingValidation
{
    public static IReadOnlyList<ScalingError> Validate(ScalableTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var errors = new List<ScalingError>();
        Name("Name", target.Name, errors);
        if (target.Description is { Length: > ScalingLimits.MaxDescriptionLength })
            errors.Add(new("Description", $"Description must be at most {ScalingLimits.MaxDescriptionLength} characters."));
        if (target.MinCapacity < 0) errors.Add(new("MinCapacity", "MinCapacity must not be negative."));
        if (target.MaxCapacity > ScalingLimits.MaxCapacity) errors.Add(new("MaxCapacity", $"MaxCapacity must be at most {ScalingLimits.MaxCapacity}."));
        if (target.MaxCapacity < target.MinCapacity) errors.Add(new("MaxCapacity", $"MaxCapacity ({target.MaxCapacity}) must not be below MinCapacity ({target.MinCapacity})."));
        if (target.DesiredCapacity < 0) errors.Add(new("DesiredCapacity", "DesiredCapacity must not be negative."));
        if (target.ActualCapacity is < 0) errors.Add(new("ActualCapacity", "ActualCapacity must not be negative."));
        if (string.IsNullOrWhiteSpace(target.CapacityUnit) || target.CapacityUnit.Length > ScalingLimits.MaxCapacityUnitLength)
            errors.Add(new("CapacityUnit", $"CapacityUnit must be 1 to {ScalingLimits.MaxCapacityUnitLength} characters."));
        if (target.Actuator is { Length: > ScalingLimits.MaxActuatorLength })
            errors.Add(new("Actuator", $"Actuator must be at most {ScalingLimits.MaxActuatorLength} characters."));
        return errors;
    }

    /// <summary>Checks a policy of either kind; <paramref name="target"/> names the derived alarms of a target-tracking policy.</summary>
    public static IReadOnlyList<ScalingError> Validate(ScalingPolicy policy, ScalableTarget target)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(target);
        var errors = new List<ScalingError>();
        Name("PolicyName", policy.Name, errors);
        switch (policy)
        {
            case TargetTrackingPolicy tt:
                TargetTracking(tt, target, errors);
                break;
            case StepScalingPolicy step:
                Step(step, errors);
                break;
        }
        return errors;
    }

    public static IReadOnlyList<ScalingError> Validate(ScheduledAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var errors = new List<ScalingError>();
        Name("ScheduledActionName", action.Name, errors);
        if (!ScalingSchedule.TryParse(action.Schedule, action.TimeZone, out _, out var error))
            errors.Add(new(error.StartsWith("TimeZone", StringComparison.Ordinal) ? "TimeZone" : "Schedule", error));
        if (action.MinCapacity is null && action.MaxCapacity is null && action.DesiredCapacity is null)
            errors.Add(new("ScalableTargetAction", "At least one of MinCapacity, MaxCapacity or DesiredCapacity must be set."));
        if (action.MinCapacity is < 0) errors.Add(new("MinCapacity", "MinCapacity must not be negative."));
        if (action.MaxCapacity is < 0 or > ScalingLimits.MaxCapacity) errors.Add(new("MaxCapacity", $"MaxCapacity must be 0 to {ScalingLimits.MaxCapacity}."));
        if (action.MinCapacity is { } min && action.MaxCapacity is { } max && min > max)
            errors.Add(new("MaxCapacity", $"MaxCapacity ({max}) must not be below MinCapacity ({min})."));
        if (action.DesiredCapacity is { } d && (d < 0 || d < (action.MinCapacity ?? 0) || d > (action.MaxCapacity ?? int.MaxValue)))
            errors.Add(new("DesiredCapacity", "DesiredCapacity must not be negative and must lie within the action's MinCapacity and MaxCapacity."));
        if (action.StartTime is { } s && action.EndTime is { } e && e <= s)
            errors.Add(new("EndTime", "EndTime must be after StartTime."));
        return errors;
    }

    private static void TargetTracking(TargetTrackingPolicy p, ScalableTarget target, List<ScalingError> errors)
    {
        if (!double.IsFinite(p.TargetValue) || p.TargetValue <= 0) errors.Add(new("TargetValue", "TargetValue must be a positive finite number."));
        Seconds("ScaleOutCooldown", p.ScaleOutCooldownSeconds, errors);
        Seconds("ScaleInCooldown", p.ScaleInCooldownSeconds, errors);
        Seconds("Warmup", p.WarmupSeconds, errors);
        if (!MetricAlarmValidation.IsValidPeriod(p.PeriodSeconds)) errors.Add(new("Period", "Period must be 10, 20, 30 or a multiple of 60 seconds."));
        var m = p.Metric;
        if (m is null)
        {
            errors.Add(new("Metric", "Metric is required."));
            return;
        }
        var single = m.Namespace is not null || m.MetricName is not null || m.Statistic is not null;
        if (single == (m.Queries is not null))
        {
            errors.Add(new("Metric", "Metric must give either Namespace, MetricName and Statistic, or Queries (metric math), not both."));
            return;
        }
        if (single)
        {
            if (string.IsNullOrEmpty(m.Namespace)) errors.Add(new("Metric.Namespace", "Metric.Namespace is required."));
            if (string.IsNullOrEmpty(m.MetricName)) errors.Add(new("Metric.MetricName", "Metric.MetricName is required."));
            if (!Statistics.Statistic.TryParse(m.Statistic, out _, out var statError)) errors.Add(new("Metric.Statistic", "Metric.Statistic: " + statError));
        }
        if (m.Queries is { } queries)
        {
            for (var i = 0; i < queries.Count; i++)
            {
                if (queries[i]?.Expression is { Length: > 0 } text && !MetricMath.ExpressionParser.TryParse(text, out _, out var parseError))
                    errors.Add(new($"Metric.Metrics[{i}].Expression", $"Metric.Metrics[{i}].Expression does not parse at character {parseError!.Position}: {parseError.Message}"));
            }
        }
        if (errors.Count > 0 || !double.IsFinite(p.TargetValue) || p.TargetValue <= 0) return;
        // The alarms Crema will create must themselves be valid alarms: their checks cover metric math and dimensions.
        var alarms = TargetTrackingAlarms.For(target, p);
        foreach (var (field, messages) in MetricAlarmValidation.Validate(alarms.High))
            foreach (var message in messages)
                errors.Add(new(field == "AlarmName" ? "PolicyName" : "Metric." + field, message));
    }

    private static void Seconds(string field, int value, List<ScalingError> errors)
    {
        if (value is < 0 or > ScalingLimits.MaxSeconds) errors.Add(new(field, $"{field} must be 0 to {ScalingLimits.MaxSeconds} seconds."));
    }

    private static void Name(string field, string? name, List<ScalingError> errors)
    {
        if (string.IsNullOrEmpty(name) || name.Length > ScalingLimits.MaxNameLength)
        {
            errors.Add(new(field, $"{field} must be 1 to {ScalingLimits.MaxNameLength} characters."));
            return;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                errors.Add(new(field, $"{field} may hold only letters, digits, '-', '_' and '.'."));
                return;
            }
        }
    }
}
