using System.Globalization;
using Crema.Core.Alarms;

namespace Crema.Core.Scaling;

/// <summary>
/// The alarms Application Auto Scaling creates for a target-tracking policy: a high alarm, metric above the target
/// for 3 of 3 one-minute datapoints, and a low alarm, metric below 90 % of the target for 15 of 15 datapoints. The
/// slow, lower low alarm is what makes scale-in conservative.
/// </summary>
public static class TargetTrackingAlarms
{
    public const int HighDatapoints = 3;
    public const int LowDatapoints = 15;

    /// <summary>The low alarm's threshold as a share of the target.</summary>
    public const double LowThresholdFactor = 0.9;

    /// <summary>Alarm names start with this, as AWS's do.</summary>
    public const string NamePrefix = "TargetTracking-";

    /// <summary>The high alarm and (unless scale-in is disabled) the low alarm for <paramref name="policy"/> of <paramref name="target"/>.</summary>
    public static TargetTrackingAlarmSet For(ScalableTarget target, TargetTrackingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(policy);
        var source = policy.Metric.ToAlarmSource(policy.PeriodSeconds);
        var description = $"Managed by Crema scaling for policy \"{policy.Name}\" of \"{target.Name}\"; changes are overwritten.";
        var high = new MetricAlarmDefinition
        {
            Name = NamePrefix + target.Name + "-" + policy.Name + "-AlarmHigh",
            Description = description,
            Source = source,
            EvaluationPeriods = HighDatapoints,
            DatapointsToAlarm = HighDatapoints,
            Threshold = policy.TargetValue,
            ComparisonOperator = ComparisonOperator.GreaterThanThreshold,
        };
        if (policy.DisableScaleIn) return new TargetTrackingAlarmSet(high, null);
        var low = high with
        {
            Name = NamePrefix + target.Name + "-" + policy.Name + "-AlarmLow",
            EvaluationPeriods = LowDatapoints,
            DatapointsToAlarm = LowDatapoints,
            Threshold = LowThreshold(policy.TargetValue),
            ComparisonOperator = ComparisonOperator.LessThanThreshold,
        };
        return new TargetTrackingAlarmSet(high, low);
    }

    /// <summary>90 % of the target, rounded to 6 significant digits so the stored threshold reads cleanly.</summary>
    public static double LowThreshold(double targetValue)
        => double.Parse((targetValue * LowThresholdFactor).ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
