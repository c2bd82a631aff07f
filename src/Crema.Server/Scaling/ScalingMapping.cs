using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Alarms;
using Crema.Core.Metrics;
using Crema.Core.Scaling;

namespace Crema.Server.Scaling;

/// <summary>Between the API's contracts and the scaling core's records; errors name the field and the rule.</summary>
internal static class ScalingMapping
{
    public const string TargetTracking = "TargetTracking";
    public const string StepScaling = "StepScaling";

    public static ScalableTarget ToCore(ScalableTargetDto t) => new()
    {
        Name = t.Name,
        Description = t.Description,
        MinCapacity = t.MinCapacity,
        MaxCapacity = t.MaxCapacity,
        DesiredCapacity = t.DesiredCapacity,
        ActualCapacity = t.ActualCapacity,
        CapacityUnit = t.CapacityUnit,
        ScaleInProtected = t.ScaleInProtected,
        Suspended = new ScalingSuspension(t.SuspendedState.DynamicScalingInSuspended == true, t.SuspendedState.DynamicScalingOutSuspended == true,
            t.SuspendedState.ScheduledScalingSuspended == true),
    };

    /// <summary>Checks an actuator; null when valid, else (field, rule).</summary>
    public static (string Field, string Rule)? CheckActuator(ScalingActuatorDto? a, bool allowCommands)
    {
        if (a is null) return ("Actuator", "Actuator is required for a new target: {\"type\":\"webhook\",\"url\":…} or {\"type\":\"command\",\"command\":…}.");
        if (a.TimeoutSeconds is < 1 or > 300) return ("Actuator.TimeoutSeconds", "Actuator.TimeoutSeconds must be 1 to 300.");
        switch (a.Type)
        {
            case "webhook":
                if (!Uri.TryCreate(a.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    return ("Actuator.Url", "Actuator.Url must be an absolute http or https URL.");
                if (a.Command is not null || a.Arguments is not null) return ("Actuator.Command", "A webhook actuator takes no Command or Arguments.");
                return a.Url!.Length > 2048 ? ("Actuator.Url", "Actuator.Url must be at most 2048 characters.") : null;
            case "command":
                if (!allowCommands) return ("Actuator.Type", "command actuators are off on this server; an operator may allow them with Scaling:AllowLocalCommands=true.");
                if (string.IsNullOrWhiteSpace(a.Command) || !Path.IsPathFullyQualified(a.Command))
                    return ("Actuator.Command", "Actuator.Command must be the full path of a program (it runs without a shell).");
                if (a.Url is not null) return ("Actuator.Url", "A command actuator takes no Url.");
                if (a.Arguments is { Count: > 32 }) return ("Actuator.Arguments", "Actuator.Arguments may hold at most 32 arguments.");
                return null;
            default:
                return ("Actuator.Type", "Actuator.Type must be webhook or command.");
        }
    }

    /// <summary>The core policy for a request, or null with errors.</summary>
    public static ScalingPolicy? ToPolicy(string name, PutScalingPolicyRequest r, ScalableTarget target, Dictionary<string, string[]> errors)
    {
        ScalingPolicy? policy = null;
        switch (r.PolicyType)
        {
            case TargetTracking when r.TargetTracking is { } tt:
                if (tt.TargetValue is null) Add(errors, "TargetValue", "TargetValue is required.");
                if (tt.Metric is null) Add(errors, "Metric", "Metric is required.");
                if (errors.Count > 0) return null;
                policy = new TargetTrackingPolicy
                {
                    Name = name,
                    Metric = ToMetric(tt.Metric!, tt.Period ?? 60),
                    TargetValue = tt.TargetValue!.Value,
                    ScaleOutCooldownSeconds = tt.ScaleOutCooldown ?? 300,
                    ScaleInCooldownSeconds = tt.ScaleInCooldown ?? 300,
                    WarmupSeconds = tt.Warmup ?? 0,
                    DisableScaleIn = tt.DisableScaleIn ?? false,
                    PeriodSeconds = tt.Period ?? 60,
                };
                break;
            case StepScaling when r.StepScaling is { } st:
                if (string.IsNullOrEmpty(st.AlarmName)) Add(errors, "AlarmName", "AlarmName is required: the metric alarm that triggers the policy.");
                var adjustment = AdjustmentType.ChangeInCapacity;
                if (st.AdjustmentType is { } at && !Enum.TryParse(at, ignoreCase: false, out adjustment))
                    Add(errors, "AdjustmentType", "AdjustmentType must be ChangeInCapacity, ExactCapacity or PercentChangeInCapacity.");
                var aggregation = MetricAggregationType.Average;
                if (st.MetricAggregationType is { } ag && !Enum.TryParse(ag, ignoreCase: false, out aggregation))
                    Add(errors, "MetricAggregationType", "MetricAggregationType must be Average, Minimum or Maximum.");
                var steps = new List<StepAdjustment>();
                var list = st.StepAdjustments ?? [];
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i]?.ScalingAdjustment is not { } adj) Add(errors, $"StepAdjustments[{i}].ScalingAdjustment", $"StepAdjustments[{i}].ScalingAdjustment is required.");
                    else steps.Add(new StepAdjustment(list[i].MetricIntervalLowerBound, list[i].MetricIntervalUpperBound, adj));
                }
                if (errors.Count > 0) return null;
                policy = new StepScalingPolicy
                {
                    Name = name,
                    AdjustmentType = adjustment,
                    StepAdjustments = steps,
                    MinAdjustmentMagnitude = st.MinAdjustmentMagnitude,
                    CooldownSeconds = st.Cooldown ?? 300,
                    MetricAggregationType = aggregation,
                };
                break;
            case TargetTracking:
                Add(errors, "TargetTracking", "TargetTracking is required when PolicyType is TargetTracking.");
                return null;
            case StepScaling:
                Add(errors, "StepScaling", "StepScaling is required when PolicyType is StepScaling.");
                return null;
            default:
                Add(errors, "PolicyType", "PolicyType must be TargetTracking or StepScaling.");
                return null;
        }

        foreach (var e in ScalingValidation.Validate(policy, target)) Add(errors, e.Field, e.Message);
        return errors.Count > 0 ? null : policy;
    }

    public static ScalingMetric ToMetric(ScalingMetricDto m, int period) => new()
    {
        Namespace = m.Namespace,
        MetricName = m.MetricName,
        Dimensions = [.. (m.Dimensions ?? []).Select(d => new Dimension(d.Name ?? "", d.Value ?? ""))],
        Statistic = m.Statistic,
        Unit = m.Unit,
        Label = m.Label,
        Queries = m.Metrics is { } qs
            ? [.. qs.Select(q => new AlarmMetricQuery(q.Id ?? "", q.MetricStat is { } s
                ? new AlarmMetricStat(s.Metric?.Namespace ?? "", s.Metric?.MetricName ?? "", [.. (s.Metric?.Dimensions ?? []).Select(d => new Dimension(d.Name ?? "", d.Value ?? ""))],
                    s.Stat ?? "", s.Period ?? period, s.Unit)
                : null, q.Expression, q.Label, q.ReturnData ?? false, q.Period))]
            : null,
    };

    /// <summary>The PutMetricAlarm request for one of the alarms a target-tracking policy owns.</summary>
    public static PutMetricAlarmRequest ManagedAlarm(MetricAlarmDefinition def, TargetTrackingConfigurationDto tt)
    {
        var m = tt.Metric!;
        var single = m.Metrics is null;
        return new PutMetricAlarmRequest
        {
            AlarmDescription = def.Description,
            Namespace = single ? m.Namespace : null,
            MetricName = single ? m.MetricName : null,
            Dimensions = single ? m.Dimensions : null,
            Statistic = single ? m.Statistic : null,
            Period = single ? tt.Period ?? 60 : null,
            Metrics = m.Metrics,
            EvaluationPeriods = def.EvaluationPeriods,
            DatapointsToAlarm = def.DatapointsToAlarm,
            Threshold = def.Threshold,
            ComparisonOperator = def.ComparisonOperator.ToString(),
            TreatMissingData = "missing",
        };
    }

    public static ScheduledAction ToAction(string name, PutScheduledActionRequest r) => new()
    {
        Name = name,
        Schedule = r.Schedule ?? "",
        TimeZone = string.IsNullOrEmpty(r.TimeZone) ? "UTC" : r.TimeZone,
        StartTime = r.StartTime,
        EndTime = r.EndTime,
        MinCapacity = r.MinCapacity,
        MaxCapacity = r.MaxCapacity,
        DesiredCapacity = r.DesiredCapacity,
    };

    public static string Json<T>(T value) => JsonSerializer.Serialize(value, CremaJson.Options);

    public static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, CremaJson.Options)!;

    public static void Add(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var list) ? [.. list, message] : [message];
}
