namespace Crema.Core.Scaling;

/// <summary>What the server saw for one policy: which alarm is in ALARM, the metric value, and (for step policies) the alarm's threshold.</summary>
/// <param name="PolicyName">The policy this is for.</param>
/// <param name="Alarm">The alarm in ALARM; the server passes it on every evaluation while the alarm stays there, as Application Auto Scaling re-invokes policies.</param>
/// <param name="MetricValue">Target tracking: the newest datapoint. Step: the breaching datapoints combined by <see cref="StepScalingPolicy.Aggregate"/>.</param>
/// <param name="AlarmThreshold">Step policies: the threshold of the alarm that fired.</param>
public sealed record ScalingObservation(string PolicyName, PolicyAlarm Alarm, double MetricValue, double? AlarmThreshold = null);
