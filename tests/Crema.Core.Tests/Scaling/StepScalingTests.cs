using Crema.Core.Scaling;
using static Crema.Core.Tests.Scaling.Scenario;

namespace Crema.Core.Tests.Scaling;

public class StepScalingTests
{
    // Threshold 50: [50, 60) +1, [60, 80) +2, [80, ∞) +4; (−∞, 40] −2, (40, 50) −1 — AWS's worked example shape.
    private static readonly StepAdjustment[] Steps =
    [
        new(null, -10, -2),
        new(-10, 0, -1),
        new(0, 10, 1),
        new(10, 30, 2),
        new(30, null, 4),
    ];

    private static ScalingObservation Alarm(double value) => new("queue-steps", PolicyAlarm.High, value, 50);

    [Theory]
    [InlineData(50, 1)]
    [InlineData(59.999, 1)]
    [InlineData(60, 2)]
    [InlineData(79.9, 2)]
    [InlineData(80, 4)]
    [InlineData(1e6, 4)]
    [InlineData(49.9, -1)]
    [InlineData(40.0001, -1)]
    [InlineData(40, -2)]
    [InlineData(-5, -2)]
    public void The_step_is_picked_by_the_breach_size_with_AWS_inclusive_ends(double metric, int expected)
    {
        var policy = Step(AdjustmentType.ChangeInCapacity, null, 300, Steps);
        Assert.Equal(expected, policy.StepFor(metric - 50)!.ScalingAdjustment);
        Assert.Empty(ScalingValidation.Validate(policy, Target(5)));
        var d = Decide(Target(5), policy, Alarm(metric));
        Assert.Equal(5 + expected, d.NewCapacity);
    }

    [Fact]
    public void Exact_capacity_sets_the_capacity()
    {
        var policy = Step(AdjustmentType.ExactCapacity, null, 300, new StepAdjustment(0, 20, 4), new StepAdjustment(20, null, 7));
        Assert.Equal(7, Decide(Target(2), policy, Alarm(75)).NewCapacity);
        Assert.Equal(4, Decide(Target(2), policy, Alarm(55)).NewCapacity);
        Assert.False(Decide(Target(4), policy, Alarm(55)).Changed);
    }

    [Theory]
    [InlineData(4, 25, null, 1)]     // 1.0 exactly
    [InlineData(10, 27, null, 2)]    // 2.7 rounds down
    [InlineData(3, 10, null, 1)]     // 0.3 rounds up to 1
    [InlineData(3, -10, null, -1)]   // −0.3 to −1
    [InlineData(30, -22, null, -6)]  // −6.6 rounds toward zero
    [InlineData(4, 25, 2, 2)]        // AWS's example: 25 % of 4 with MinAdjustmentMagnitude 2 adds 2
    [InlineData(20, -10, 3, -3)]
    [InlineData(100, 50, 3, 50)]
    public void Percent_change_rounds_as_AWS_and_honours_the_minimum_magnitude(int capacity, int percent, int? minMagnitude, int expected)
    {
        Assert.Equal(expected, ScalingEngine.PercentChange(capacity, percent, minMagnitude));
        var policy = Step(AdjustmentType.PercentChangeInCapacity, minMagnitude, 300, new StepAdjustment(null, 0, percent), new StepAdjustment(0, null, percent));
        Assert.Equal(Math.Clamp(capacity + expected, 0, 1000), Decide(Target(capacity, 0, 1000), policy, Alarm(60)).NewCapacity);
    }

    [Fact]
    public void During_the_cooldown_a_second_alarm_adds_only_the_difference()
    {
        // AWS's example: +2 starts a cooldown; a +3 step during it scales out by 1 only.
        var policy = Step(AdjustmentType.ChangeInCapacity, null, 300, new StepAdjustment(0, 20, 2), new StepAdjustment(20, null, 3)) with { Name = "queue-steps" };
        var first = Decide(Target(4), policy, Alarm(55));
        Assert.Equal(6, first.NewCapacity);
        var second = Decide(Target(6), policy, Alarm(75), first.ToActivity(Now.AddSeconds(-60)));
        Assert.Equal(7, second.NewCapacity);
        var again = Decide(Target(7), policy, Alarm(75), first.ToActivity(Now.AddSeconds(-60)), second.ToActivity(Now.AddSeconds(-30)));
        Assert.False(again.Changed);
        // Scale-in waits for the cooldown after a scale-in.
        var shrink = Step(AdjustmentType.ChangeInCapacity, null, 300, new StepAdjustment(null, 0, -1), new StepAdjustment(0, null, 1));
        Assert.False(Decide(Target(5), shrink, Alarm(40), Activity(Now.AddSeconds(-100), 6, 5)).Changed);
        Assert.Equal(4, Decide(Target(5), shrink, Alarm(40), Activity(Now.AddSeconds(-400), 6, 5)).NewCapacity);
    }

    [Fact]
    public void Aggregation_combines_the_breaching_datapoints()
    {
        double[] values = [52, 70, 61];
        Assert.Equal(61, Step(AdjustmentType.ChangeInCapacity, null, 300, Steps).Aggregate(values));
        Assert.Equal(52, (Step(AdjustmentType.ChangeInCapacity, null, 300, Steps) with { MetricAggregationType = MetricAggregationType.Minimum }).Aggregate(values));
        Assert.Equal(70, (Step(AdjustmentType.ChangeInCapacity, null, 300, Steps) with { MetricAggregationType = MetricAggregationType.Maximum }).Aggregate(values));
    }

    [Theory]
    [InlineData("overlap", "overlaps")]
    [InlineData("gap", "gap")]
    [InlineData("two-null-lower", "At most one step may have a null LowerBound.")]
    [InlineData("both-null", "must not both be null")]
    [InlineData("negative-lower", "must have a null LowerBound")]
    [InlineData("positive-upper", "must have a null UpperBound")]
    [InlineData("magnitude", "only with AdjustmentType PercentChangeInCapacity")]
    [InlineData("exact-negative", "must not be negative for ExactCapacity")]
    public void Invalid_steps_are_rejected_naming_the_rule(string kind, string message)
    {
        var policy = kind switch
        {
            "overlap" => Step(AdjustmentType.ChangeInCapacity, null, 300, new StepAdjustment(0, 20, 1), new StepAdjustment(10, null, 2)),
            "gap" => Step(AdjustmentType.ChangeInCapacity, null, 300, new StepAdjustment(0, 10, 1), new StepAdjustment(20, null, 2)),
            "two-null-lower" => Step(AdjustmentType.ChangeInCapacity, null, 300, new StepAdjustment(null, 0, -1), new StepAdjustment(null, 10, 1), new StepAdjustment(10, null, 2)),
            "both-null" => Step(AdjustmentType.ChangeInCapacity, null, 300, new StepAdjustment(null, null, 1)),
            "negative-lower" => Step(AdjustmentType.ChangeInCapacity, null, 300, new StepAdjustment(-10, 0, -1), new StepAdjustment(0, null, 1)),
            "positive-upper" => Step(AdjustmentType.ChangeInCapacity, null, 300, new StepAdjustment(0, 10, 1)),
            "magnitude" => Step(AdjustmentType.ChangeInCapacity, 2, 300, new StepAdjustment(0, null, 1)),
            _ => Step(AdjustmentType.ExactCapacity, null, 300, new StepAdjustment(0, null, -1)),
        };
        var errors = ScalingValidation.Validate(policy, Target(2));
        Assert.Contains(errors, e => e.Message.Contains(message, StringComparison.Ordinal));
    }
}
