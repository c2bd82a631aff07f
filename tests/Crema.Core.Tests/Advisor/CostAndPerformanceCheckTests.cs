using Crema.Core.Advisor;
using static Crema.Core.Tests.Advisor.Snapshots;

namespace Crema.Core.Tests.Advisor;

public class CostAndPerformanceCheckTests
{
    [Theory]
    [InlineData(0, AdvisorStatus.Green)]
    [InlineData(3, AdvisorStatus.Green)]
    [InlineData(4, AdvisorStatus.Yellow)]
    [InlineData(9, AdvisorStatus.Yellow)]
    [InlineData(10, AdvisorStatus.Red)]
    public void Idle_days_below_10_percent_decide_the_status_and_the_saving_is_the_idle_share_of_the_cost(int idleDays, AdvisorStatus expected)
    {
        var r = Run(AdvisorChecks.IdleResources, Empty with { Resources = [Resource("grinder-1", 700m, Days(55, idleDays, 9.9))] });
        Assert.Equal(expected, r.Status);
        if (expected == AdvisorStatus.Green) return;
        var item = Assert.Single(r.Items);
        Assert.Equal(decimal.Round(700m * idleDays / 14, 2), item.MonthlySaving);
        Assert.Equal("EUR", item.Currency);
        Assert.Equal(item.MonthlySaving, r.TotalMonthlySaving);
        Assert.Contains($"on {idleDays} of the last 14 days", item.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Days_without_data_are_not_idle_days_and_only_the_last_14_days_count()
    {
        var gaps = Days(50);
        for (var i = 0; i < 6; i++) gaps[i] = double.NaN;
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.IdleResources, Empty with { Resources = [Resource("r", 100m, gaps)] }).Status);

        // Twenty idle days long ago, then 14 busy ones: green.
        var longAgo = Enumerable.Repeat(1.0, 20).Concat(Days(60)).ToArray();
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.IdleResources, Empty with { Resources = [Resource("r", 100m, longAgo)] }).Status);
    }

    [Fact]
    public void Savings_of_several_resources_add_up()
    {
        var s = Empty with { Resources = [Resource("a", 280m, Days(50, 7, 2)), Resource("b", 140m, Days(50, 14, 2)), Resource("c", 1000m, Days(50))] };
        var r = Run(AdvisorChecks.IdleResources, s);
        Assert.Equal(["a", "b"], r.Items.Select(i => i.ResourceId));
        Assert.Equal(140m + 140m, r.TotalMonthlySaving);
    }

    private static AdvisorScalingTarget Target(int capacity, params AdvisorCapacityChange[] changes) =>
        new("baristas", 1, 5, capacity, Now.AddDays(-30), changes);

    [Fact]
    public void A_target_at_its_maximum_or_minimum_all_week_is_yellow()
    {
        Assert.Equal(AdvisorStatus.Yellow, Run(AdvisorChecks.PinnedScalingTargets, Empty with { ScalingTargets = [Target(5, new AdvisorCapacityChange(Now.AddDays(-9), 3, 5))] }).Status);
        var min = Run(AdvisorChecks.PinnedScalingTargets, Empty with { ScalingTargets = [Target(1)] });
        Assert.Equal(AdvisorStatus.Yellow, min.Status);
        Assert.Contains("minimum", Assert.Single(min.Items).Details, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_that_moved_this_week_or_is_new_or_sits_between_bounds_is_green()
    {
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.PinnedScalingTargets, Empty with { ScalingTargets = [Target(5, new AdvisorCapacityChange(Now.AddDays(-2), 4, 5))] }).Status);
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.PinnedScalingTargets, Empty with { ScalingTargets = [Target(3)] }).Status);
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.PinnedScalingTargets, Empty with { ScalingTargets = [Target(5) with { CreatedAt = Now.AddDays(-3) }] }).Status);
    }

    [Theory]
    [InlineData(9, AdvisorStatus.Green)]
    [InlineData(10, AdvisorStatus.Yellow)]
    [InlineData(29, AdvisorStatus.Yellow)]
    [InlineData(30, AdvisorStatus.Red)]
    public void Alarms_flap_from_10_state_changes_a_day(int changes, AdvisorStatus expected) =>
        Assert.Equal(expected, Run(AdvisorChecks.FlappingAlarms, Empty with { Alarms = [Alarm("a", changes: changes)] }).Status);

    [Theory]
    [InlineData(0, AdvisorStatus.Green)]
    [InlineData(1, AdvisorStatus.Yellow)]
    [InlineData(3, AdvisorStatus.Yellow)]
    [InlineData(4, AdvisorStatus.Red)]
    public void Resources_with_peaks_above_90_percent_are_busy(int busyDays, AdvisorStatus expected)
    {
        var r = Run(AdvisorChecks.BusyResources, Empty with { Resources = [Resource("grinder", 100m, Days(50), Days(90, busyDays, 95))] });
        Assert.Equal(expected, r.Status);
    }
}
