using Crema.Core.Alarms;
using Crema.Core.Scaling;
using static Crema.Core.Tests.Scaling.Scenario;

namespace Crema.Core.Tests.Scaling;

public class TargetTrackingAlarmsTests
{
    [Fact]
    public void The_policy_gets_a_3_of_3_high_alarm_at_the_target_and_a_15_of_15_low_alarm_at_90_percent()
    {
        var set = TargetTrackingAlarms.For(Target(2), Wait());
        Assert.Equal("TargetTracking-central-baristas-wait-AlarmHigh", set.High.Name);
        Assert.Equal((3, 3, 180.0, ComparisonOperator.GreaterThanThreshold, 60), (set.High.EvaluationPeriods, set.High.EffectiveDatapointsToAlarm, set.High.Threshold!.Value, set.High.ComparisonOperator, set.High.PeriodSeconds));
        var low = set.Low!;
        Assert.Equal((15, 15, 162.0, ComparisonOperator.LessThanThreshold, 60), (low.EvaluationPeriods, low.EffectiveDatapointsToAlarm, low.Threshold!.Value, low.ComparisonOperator, low.PeriodSeconds));
        Assert.Equal("p90", set.High.Statistic);
        Assert.Empty(MetricAlarmValidation.Validate(set.High));
        Assert.Empty(MetricAlarmValidation.Validate(low));
        Assert.Equal(PolicyAlarm.Low, set.SignalFor(low.Name));
        Assert.Equal(PolicyAlarm.High, set.SignalFor(set.High.Name));
        Assert.Equal(PolicyAlarm.None, set.SignalFor("other"));
        Assert.Null(TargetTrackingAlarms.For(Target(2), Wait() with { DisableScaleIn = true }).Low);
    }

    [Fact]
    public void The_derived_alarms_fire_on_the_documented_datapoint_counts()
    {
        var set = TargetTrackingAlarms.For(Target(2), Wait());
        var end = new DateTimeOffset(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);
        AlarmDatapoint[] Points(params double[] values)
            => values.Select((v, i) => new AlarmDatapoint(end.AddMinutes(i - values.Length), v)).ToArray();

        Assert.Equal(AlarmState.Alarm, AlarmEvaluator.Evaluate(set.High, AlarmState.Ok, Points(100, 190, 200, 181), end, end).State);
        Assert.Equal(AlarmState.Ok, AlarmEvaluator.Evaluate(set.High, AlarmState.Ok, Points(190, 200, 180), end, end).State);

        var fifteenLow = Enumerable.Repeat(150.0, 15).ToArray();
        Assert.Equal(AlarmState.Alarm, AlarmEvaluator.Evaluate(set.Low!, AlarmState.Ok, Points(fifteenLow), end, end).State);
        fifteenLow[7] = 165;
        Assert.Equal(AlarmState.Ok, AlarmEvaluator.Evaluate(set.Low!, AlarmState.Ok, Points(fifteenLow), end, end).State);
    }
}
