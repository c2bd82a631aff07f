using Crema.Core.Alarms;
using Crema.Core.Scaling;
using static Crema.Core.Tests.Scaling.Scenario;

namespace Crema.Core.Tests.Scaling;

public class ScalingValidationTests
{
    [Fact]
    public void A_sound_target_and_policy_pass()
    {
        Assert.Empty(ScalingValidation.Validate(Target(2)));
        Assert.Empty(ScalingValidation.Validate(Wait(), Target(2)));
    }

    [Theory]
    [InlineData("name", "Name")]
    [InlineData("min", "MinCapacity")]
    [InlineData("max", "MaxCapacity")]
    [InlineData("unit", "CapacityUnit")]
    public void Target_errors_name_the_field(string kind, string field)
    {
        var t = Target(2);
        t = kind switch
        {
            "name" => t with { Name = "bad name!" },
            "min" => t with { MinCapacity = -1 },
            "max" => t with { MinCapacity = 5, MaxCapacity = 3 },
            _ => t with { CapacityUnit = "" },
        };
        var errors = ScalingValidation.Validate(t);
        Assert.Contains(errors, e => e.Field == field && e.Message.Contains(field, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("target", "TargetValue")]
    [InlineData("cooldown", "ScaleInCooldown")]
    [InlineData("warmup", "Warmup")]
    [InlineData("period", "Period")]
    [InlineData("statistic", "Metric.Statistic")]
    [InlineData("both", "Metric")]
    [InlineData("math", "Metric.Metrics")]
    public void Target_tracking_errors_name_the_field(string kind, string field)
    {
        var p = Wait();
        p = kind switch
        {
            "target" => p with { TargetValue = 0 },
            "cooldown" => p with { ScaleInCooldownSeconds = -5 },
            "warmup" => p with { WarmupSeconds = 100_000 },
            "period" => p with { PeriodSeconds = 45 },
            "statistic" => p with { Metric = p.Metric with { Statistic = "p101" } },
            "both" => p with { Metric = p.Metric with { Queries = [new AlarmMetricQuery("e1", Expression: "1", ReturnData: true)] } },
            _ => p with { Metric = new ScalingMetric { Queries = [new AlarmMetricQuery("e1", Expression: "m1 +", ReturnData: true)] } },
        };
        var errors = ScalingValidation.Validate(p, Target(2));
        Assert.Contains(errors, e => e.Field.StartsWith(field, StringComparison.Ordinal));
    }
}
