using Crema.Core.Scaling;
using static Crema.Core.Tests.Scaling.Scenario;

namespace Crema.Core.Tests.Scaling;

public class TargetTrackingTests
{
    [Fact]
    public void Scale_out_is_proportional_and_the_cause_reads_for_a_shop_owner()
    {
        var d = Decide(Target(2), Wait(), High(270));
        Assert.Equal(ScalingDecisionKind.ScaleOut, d.Kind);
        Assert.Equal(3, d.NewCapacity);
        Assert.Equal("Order wait p90 4.5 min is above the 3 min target: baristas 2 → 3", d.Cause);
        Assert.Equal(270, d.MetricValue);
        Assert.Equal(180, d.TargetValue);
        Assert.Equal("wait", d.PolicyName);
        Assert.Equal(2, d.OldCapacity);
    }

    [Fact]
    public void Scale_out_matches_a_naive_ceiling_clamped_to_the_range_for_random_inputs()
    {
        var rng = new Random(11);
        for (var i = 0; i < 2000; i++)
        {
            var desired = rng.Next(1, 20);
            var target = 10 + rng.NextDouble() * 300;
            var metric = target * (1.0001 + rng.NextDouble() * 4);
            var expected = Math.Min(30, Math.Max(desired + 1, (int)Math.Ceiling(desired * metric / target - 1e-9)));
            var d = Decide(Target(desired, 1, 30), Wait(target: target), High(metric));
            Assert.Equal(expected, d.NewCapacity);
            Assert.True(d.NewCapacity > desired);
        }
    }

    [Fact]
    public void Scale_out_is_capped_at_the_maximum_and_says_so()
    {
        var d = Decide(Target(4, max: 6), Wait(), High(540));
        Assert.Equal(6, d.NewCapacity);
        Assert.EndsWith("baristas 4 → 6 (capped at the maximum of 6)", d.Cause);
        var atMax = Decide(Target(6, max: 6), Wait(), High(540));
        Assert.False(atMax.Changed);
        Assert.Contains("already at the maximum of 6", atMax.Cause);
    }

    [Fact]
    public void Scale_in_takes_the_least_capacity_that_keeps_the_metric_at_target_and_never_below_the_minimum()
    {
        var d = Decide(Target(6), Wait(), Low(90));
        Assert.Equal(ScalingDecisionKind.ScaleIn, d.Kind);
        Assert.Equal(3, d.NewCapacity);
        Assert.Equal("Order wait p90 1.5 min is well below the 3 min target: baristas 6 → 3", d.Cause);

        // 170 s at 6 baristas: 5 would predict 204 s, above target, so nothing is removed.
        var hold = Decide(Target(6), Wait(), Low(170));
        Assert.False(hold.Changed);

        var floor = Decide(Target(3, min: 2), Wait(), Low(10));
        Assert.Equal(2, floor.NewCapacity);
        Assert.Contains("kept at the minimum of 2", floor.Cause);
    }

    [Fact]
    public void No_alarm_means_no_change_even_when_the_metric_is_off_target()
    {
        var d = ScalingEngine.Decide(Target(2), [Wait()], [new ScalingObservation("wait", PolicyAlarm.None, 900)], [], Now);
        Assert.False(d.Changed);
        Assert.Equal(ScalingDecisionKind.None, d.Kind);
    }

    [Fact]
    public void Within_the_scale_out_cooldown_the_same_breach_does_not_scale_out_again_but_a_larger_one_does()
    {
        var policy = Wait(outCooldown: 300);
        var earlier = Activity(Now.AddSeconds(-120), 2, 3);
        var same = Decide(Target(3), policy, High(270), earlier);
        Assert.False(same.Changed);
        Assert.Contains("just added", same.Cause);

        // 2.5× the target from the 2 baristas the metric reflects: 5, so 2 more.
        var larger = Decide(Target(3), policy, High(450), earlier);
        Assert.Equal(5, larger.NewCapacity);

        // After the cooldown the metric is read against all 3.
        var later = ScalingEngine.Decide(Target(3), [policy], [High(270)], [earlier], Now.AddSeconds(200));
        Assert.Equal(5, later.NewCapacity);
    }

    [Fact]
    public void Capacity_still_warming_up_is_not_counted_as_serving()
    {
        var policy = Wait(outCooldown: 0, warmup: 300);
        var earlier = Activity(Now.AddSeconds(-60), 2, 3);
        Assert.False(Decide(Target(3), policy, High(270), earlier).Changed);
        Assert.False(ScalingEngine.Decide(Target(3), [policy], [High(270)], [earlier], Now.AddSeconds(230)).Changed);
        Assert.Equal(5, ScalingEngine.Decide(Target(3), [policy], [High(270)], [earlier], Now.AddSeconds(241)).NewCapacity);

        // Nor is anything removed while it warms up.
        var scaleIn = Decide(Target(3), policy, Low(40), earlier);
        Assert.False(scaleIn.Changed);
        Assert.Contains("still warming up", scaleIn.Cause);
    }

    [Fact]
    public void Scale_in_waits_for_its_cooldown_but_scale_out_does_not()
    {
        var policy = Wait(inCooldown: 600);
        var scaledIn = Activity(Now.AddSeconds(-300), 6, 4);
        var blocked = Decide(Target(4), policy, Low(60), scaledIn);
        Assert.False(blocked.Changed);
        Assert.Contains("cooldown runs until 08:05", blocked.Cause);
        Assert.Equal(2, ScalingEngine.Decide(Target(4), [policy], [Low(60)], [scaledIn], Now.AddSeconds(301)).NewCapacity);

        var outDuringInCooldown = Decide(Target(4), policy, High(360), scaledIn);
        Assert.Equal(8, outDuringInCooldown.NewCapacity);
    }

    [Fact]
    public void Protection_and_suspension_are_respected()
    {
        var policy = Wait();
        var protectedTarget = Target(6) with { ScaleInProtected = true };
        var d = Decide(protectedTarget, policy, Low(60));
        Assert.False(d.Changed);
        Assert.Contains("scale-in protection is on", d.Cause);
        Assert.Equal(10, Decide(protectedTarget, policy, High(540)).NewCapacity);

        var noOut = Target(2) with { Suspended = new ScalingSuspension(false, true, false) };
        Assert.False(Decide(noOut, policy, High(540)).Changed);
        Assert.Equal(1, Decide(noOut, policy, Low(60)).NewCapacity);

        var noIn = Target(6) with { Suspended = new ScalingSuspension(true, false, false) };
        Assert.False(Decide(noIn, policy, Low(60)).Changed);
        Assert.Equal(9, Decide(noIn, policy, High(270)).NewCapacity);
    }

    [Fact]
    public void Desired_capacity_outside_the_range_is_clamped()
    {
        var d = Decide(Target(12, min: 2, max: 8), Wait(), null);
        Assert.Equal(ScalingDecisionKind.Clamp, d.Kind);
        Assert.Equal(8, d.NewCapacity);
        Assert.Equal(2, Decide(Target(0, min: 2, max: 8), Wait(), null).NewCapacity);
    }

    [Fact]
    public void Several_policies_largest_scale_out_wins_and_scale_in_needs_every_target_tracking_policy()
    {
        var wait = Wait("wait");
        var queue = Wait("queue", target: 5) with { Metric = Wait().Metric with { MetricName = "QueueLength", Statistic = "Average", Unit = "Count", Label = "Queue" } };
        var d = ScalingEngine.Decide(Target(4), [wait, queue], [High(270, "wait"), High(15, "queue")], [], Now);
        Assert.Equal(10, d.NewCapacity);
        Assert.Equal("queue", d.PolicyName);
        Assert.Equal(2, d.Proposals.Count);
        Assert.Equal(6, d.Proposals[0].Capacity);
        Assert.Equal(12, d.Proposals[1].Capacity);

        // Scale-out wins over another policy's scale-in.
        Assert.Equal(6, ScalingEngine.Decide(Target(4), [wait, queue], [High(270, "wait"), Low(1, "queue")], [], Now).NewCapacity);

        // One policy not ready holds scale-in back...
        var held = ScalingEngine.Decide(Target(6), [wait, queue], [Low(60, "wait")], [], Now);
        Assert.False(held.Changed);
        Assert.Contains("\"queue\" is not ready to scale in", held.Cause);

        // ...when both agree, the larger (more careful) capacity is kept.
        var both = ScalingEngine.Decide(Target(6), [wait, queue], [Low(60, "wait"), Low(4, "queue")], [], Now);
        Assert.Equal(5, both.NewCapacity);

        // A policy with scale-in disabled, or an idle step policy, does not hold it back.
        var onlyOut = queue with { DisableScaleIn = true };
        var step = Step(AdjustmentType.ChangeInCapacity, null, 300, new StepAdjustment(0, null, 2));
        Assert.Equal(2, ScalingEngine.Decide(Target(6), [wait, onlyOut, step], [Low(60, "wait")], [], Now).NewCapacity);
    }
}
