using Crema.Core.Metrics;
using Crema.Core.Scaling;

namespace Crema.Core.Tests.Scaling;

/// <summary>Shared targets and policies for the scaling tests.</summary>
internal static class Scenario
{
    public static readonly DateTimeOffset Now = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);

    public static ScalableTarget Target(int desired, int min = 1, int max = 10) => new()
    {
        Name = "central-baristas",
        MinCapacity = min,
        MaxCapacity = max,
        DesiredCapacity = desired,
        CapacityUnit = "baristas",
    };

    public static TargetTrackingPolicy Wait(string name = "wait", double target = 180, int outCooldown = 300, int inCooldown = 300, int warmup = 0) => new()
    {
        Name = name,
        Metric = ScalingMetric.Of("CoffeeShop", "OrderWait", "p90", new Dimension("Shop", "Central")) with { Unit = "Seconds", Label = "Order wait p90" },
        TargetValue = target,
        ScaleOutCooldownSeconds = outCooldown,
        ScaleInCooldownSeconds = inCooldown,
        WarmupSeconds = warmup,
    };

    public static StepScalingPolicy Step(AdjustmentType type, int? minMagnitude = null, int cooldown = 300, params StepAdjustment[] steps) => new()
    {
        Name = "queue-steps",
        AdjustmentType = type,
        MinAdjustmentMagnitude = minMagnitude,
        CooldownSeconds = cooldown,
        StepAdjustments = steps,
    };

    public static ScalingObservation High(double value, string policy = "wait") => new(policy, PolicyAlarm.High, value);

    public static ScalingObservation Low(double value, string policy = "wait") => new(policy, PolicyAlarm.Low, value);

    public static ScalingActivity Activity(DateTimeOffset at, int from, int to)
        => new(at, from, to, to > from ? ScalingDecisionKind.ScaleOut : ScalingDecisionKind.ScaleIn, "wait", "test");

    public static ScalingDecision Decide(ScalableTarget target, ScalingPolicy policy, ScalingObservation? obs, params ScalingActivity[] activities)
        => ScalingEngine.Decide(target, [policy], obs is null ? [] : [obs], activities, Now);
}
