using Crema.Core.Advisor;
using static Crema.Core.Tests.Advisor.Snapshots;

namespace Crema.Core.Tests.Advisor;

public class MoreCheckTests
{
    [Theory]
    [InlineData("ALARM", 23, AdvisorStatus.Green)]
    [InlineData("ALARM", 25, AdvisorStatus.Yellow)]
    [InlineData("ALARM", 8 * 24, AdvisorStatus.Red)]
    [InlineData("OK", 8 * 24, AdvisorStatus.Green)]
    public void Alarms_left_in_alarm_are_flagged_after_a_day(string state, int hours, AdvisorStatus expected) =>
        Assert.Equal(expected, Run(AdvisorChecks.LongAlarms, Empty with { Alarms = [Alarm("a", state, since: TimeSpan.FromHours(hours))] }).Status);

    [Fact]
    public void A_resource_without_data_lately_is_yellow_and_without_any_data_red()
    {
        var recent = Days(50);
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.SilentResources, Empty with { Resources = [Resource("r", 1m, recent)] }).Status);

        var lastDayMissing = Days(50);
        lastDayMissing[13] = double.NaN;
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.SilentResources, Empty with { Resources = [Resource("r", 1m, lastDayMissing)] }).Status);

        var lastTwoMissing = Days(50);
        lastTwoMissing[12] = lastTwoMissing[13] = double.NaN;
        Assert.Equal(AdvisorStatus.Yellow, Run(AdvisorChecks.SilentResources, Empty with { Resources = [Resource("r", 1m, lastTwoMissing)] }).Status);

        var none = Enumerable.Repeat(double.NaN, 14).ToArray();
        var red = Run(AdvisorChecks.SilentResources, Empty with { Resources = [Resource("r", 1m, none)] });
        Assert.Equal(AdvisorStatus.Red, red.Status);
        Assert.Contains("Shop/ShotsPulled", Assert.Single(red.Items).Details, StringComparison.Ordinal);
    }
}
