using System.Globalization;

namespace Crema.Core.Scaling;

/// <summary>Each policy's proposal on its own.</summary>
public static partial class ScalingEngine
{
    // Capacity × ratio can land a hair above a whole number (2 × 270 / 180); that must not add a unit.
    private const double CeilingSlack = 1e-9;

    private static PolicyProposal ProposeTargetTracking(ScalableTarget target, TargetTrackingPolicy policy, ScalingObservation? obs, IReadOnlyList<ScalingActivity> activities, DateTimeOffset now)
    {
        var t = policy.TargetValue;
        if (obs is null || obs.Alarm == PolicyAlarm.None || double.IsNaN(obs.MetricValue))
            return new PolicyProposal(policy.Name, PolicyProposalKind.Idle, target.DesiredCapacity, null, t, "No alarm in ALARM");
        var m = obs.MetricValue;
        var unitOfMetric = policy.Metric.Unit;
        var what = $"{policy.Metric.DisplayLabel} {ScalingText.Value(m, unitOfMetric)}";
        var targetText = ScalingText.Value(t, unitOfMetric);
        var desired = target.DesiredCapacity;
        var current = target.CurrentCapacity;
        var unit = target.CapacityUnit;

        if (obs.Alarm == PolicyAlarm.High)
        {
            if (!(m > t)) return new PolicyProposal(policy.Name, PolicyProposalKind.Hold, desired, m, t, $"{what} is back at or below the {targetText} target");
            var added = AddedWithin(activities, now, Math.Max(policy.ScaleOutCooldownSeconds, policy.WarmupSeconds));
            var baseCapacity = Math.Max(0, Math.Min(current, desired - added));
            var proposed = (int)Math.Min(int.MaxValue, Math.Max(Math.Ceiling(baseCapacity * m / t - CeilingSlack), baseCapacity + 1.0));
            var reason = $"{what} is above the {targetText} target";
            if (proposed > desired) return new PolicyProposal(policy.Name, PolicyProposalKind.ScaleOut, proposed, m, t, reason);
            var why = added > 0
                ? $", but the {added} {unit} just added should cover it ({ScalingText.Change(unit, baseCapacity, desired)} counts them)"
                : $", and {unit} are already at {desired}";
            return new PolicyProposal(policy.Name, PolicyProposalKind.Hold, desired, m, t, reason + why);
        }

        if (policy.DisableScaleIn) return new PolicyProposal(policy.Name, PolicyProposalKind.Idle, desired, m, t, "Scale-in is disabled for this policy");
        var low = $"{what} is well below the {targetText} target";
        if (!(m < t)) return new PolicyProposal(policy.Name, PolicyProposalKind.Hold, desired, m, t, $"{what} is not below the {targetText} target");
        var warming = AddedWithin(activities, now, policy.WarmupSeconds);
        if (warming > 0) return new PolicyProposal(policy.Name, PolicyProposalKind.Hold, desired, m, t, low + $", but {warming} {unit} are still warming up");
        if (LastDecreaseWithin(activities, now, policy.ScaleInCooldownSeconds) is { } last)
            return new PolicyProposal(policy.Name, PolicyProposalKind.Hold, desired, m, t, low + ", but the scale-in cooldown runs until " + Clock(last.At.AddSeconds(policy.ScaleInCooldownSeconds)));
        var smaller = (int)Math.Max(0, Math.Ceiling(current * m / t - CeilingSlack));
        if (smaller >= desired)
            return new PolicyProposal(policy.Name, PolicyProposalKind.Hold, desired, m, t, low + $", but fewer {unit} would likely push it over the target");
        return new PolicyProposal(policy.Name, PolicyProposalKind.ScaleIn, smaller, m, t, low);
    }

    private static PolicyProposal ProposeStep(ScalableTarget target, StepScalingPolicy policy, ScalingObservation? obs, IReadOnlyList<ScalingActivity> activities, DateTimeOffset now)
    {
        var desired = target.DesiredCapacity;
        var current = target.CurrentCapacity;
        var unit = target.CapacityUnit;
        if (obs is null || obs.Alarm == PolicyAlarm.None || double.IsNaN(obs.MetricValue))
            return new PolicyProposal(policy.Name, PolicyProposalKind.Idle, desired, null, obs?.AlarmThreshold, "No alarm in ALARM");
        var m = obs.MetricValue;
        if (obs.AlarmThreshold is not { } threshold)
            return new PolicyProposal(policy.Name, PolicyProposalKind.Hold, desired, m, null, "The alarm's threshold was not given");
        var diff = m - threshold;
        var what = $"The metric {ScalingText.Number(m)} is {ScalingText.Number(Math.Abs(diff))} {(diff >= 0 ? "above" : "below")} the alarm threshold {ScalingText.Number(threshold)}";
        if (policy.StepFor(diff) is not { } step)
            return new PolicyProposal(policy.Name, PolicyProposalKind.Hold, desired, m, threshold, what + ", and no step covers that");

        var outward = policy.AdjustmentType == AdjustmentType.ExactCapacity ? step.ScalingAdjustment > desired : step.ScalingAdjustment > 0;
        int baseCapacity;
        if (outward)
        {
            var added = AddedWithin(activities, now, policy.CooldownSeconds);
            baseCapacity = Math.Max(0, Math.Min(current, desired - added));
        }
        else
        {
            baseCapacity = current;
        }
        var proposed = policy.AdjustmentType switch
        {
            AdjustmentType.ExactCapacity => step.ScalingAdjustment,
            AdjustmentType.PercentChangeInCapacity => baseCapacity + PercentChange(baseCapacity, step.ScalingAdjustment, policy.MinAdjustmentMagnitude),
            _ => baseCapacity + step.ScalingAdjustment,
        };
        proposed = Math.Max(0, proposed);
        if (proposed > desired) return new PolicyProposal(policy.Name, PolicyProposalKind.ScaleOut, proposed, m, threshold, what);
        if (proposed < desired && !outward)
        {
            if (LastDecreaseWithin(activities, now, policy.CooldownSeconds) is { } last)
                return new PolicyProposal(policy.Name, PolicyProposalKind.Hold, desired, m, threshold, what + ", but the cooldown runs until " + Clock(last.At.AddSeconds(policy.CooldownSeconds)));
            return new PolicyProposal(policy.Name, PolicyProposalKind.ScaleIn, proposed, m, threshold, what);
        }
        return new PolicyProposal(policy.Name, PolicyProposalKind.Hold, desired, m, threshold, what + $", and {unit} are already at {desired} (the step gives {proposed})");
    }

    /// <summary>
    /// PercentChangeInCapacity as AWS rounds it: above 1 down, between 0 and 1 to 1, between −1 and 0 to −1, below
    /// −1 up (toward zero); then raised to MinAdjustmentMagnitude in size.
    /// </summary>
    public static int PercentChange(int capacity, int percent, int? minAdjustmentMagnitude)
    {
        var raw = capacity * (double)percent / 100.0;
        var change = raw switch
        {
            > 1 => (int)Math.Floor(raw),
            > 0 => 1,
            0 => 0,
            > -1 => -1,
            _ => (int)Math.Ceiling(raw),
        };
        if (minAdjustmentMagnitude is { } min && change != 0 && Math.Abs(change) < min) change = Math.Sign(change) * min;
        return change;
    }

    private static string Clock(DateTimeOffset t) => t.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
