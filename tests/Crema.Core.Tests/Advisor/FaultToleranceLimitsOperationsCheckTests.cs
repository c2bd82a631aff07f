using Crema.Core.Advisor;
using static Crema.Core.Tests.Advisor.Snapshots;

namespace Crema.Core.Tests.Advisor;

public class FaultToleranceLimitsOperationsCheckTests
{
    [Theory]
    [InlineData(500, AdvisorStatus.Green)]
    [InlineData(200, AdvisorStatus.Green)]
    [InlineData(199, AdvisorStatus.Yellow)]
    [InlineData(99, AdvisorStatus.Red)]
    public void Disk_free_share_decides_the_status(long freeOf1000, AdvisorStatus expected) =>
        Assert.Equal(expected, Run(AdvisorChecks.DiskSpace, Empty with { Disk = new("/data", 1000L << 20, freeOf1000 << 20) }).Status);

    [Fact]
    public void Disk_is_not_available_without_a_reading() =>
        Assert.Equal(AdvisorStatus.NotAvailable, Run(AdvisorChecks.DiskSpace, Empty).Status);

    [Fact]
    public void Failed_deliveries_are_yellow_and_a_topic_that_never_delivered_is_red()
    {
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.FailedDeliveries, Empty with { Deliveries = [new("ops", 0, 12)] }).Status);
        Assert.Equal(AdvisorStatus.Yellow, Run(AdvisorChecks.FailedDeliveries, Empty with { Deliveries = [new("ops", 2, 12)] }).Status);
        var red = Run(AdvisorChecks.FailedDeliveries, Empty with { Deliveries = [new("ops", 2, 12), new("pager", 3, 0)] });
        Assert.Equal(AdvisorStatus.Red, red.Status);
        Assert.Equal([AdvisorStatus.Yellow, AdvisorStatus.Red], red.Items.Select(i => i.Status));
    }

    [Fact]
    public void A_namespace_with_data_and_no_alarm_is_yellow_and_crema_own_metrics_are_ignored()
    {
        var metrics = new AdvisorMetricRef[] { new("Shop", "Orders"), new("Shop", "Shots"), new("Grinder", "Grams"), new("Crema/Server", "Requests") };
        var r = Run(AdvisorChecks.UnwatchedNamespaces, Empty with { Metrics = metrics, Alarms = [Alarm("a", namespaces: "Shop")] });
        Assert.Equal(AdvisorStatus.Yellow, r.Status);
        Assert.Equal("Grinder", Assert.Single(r.Items).ResourceId);
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.UnwatchedNamespaces, Empty with { Metrics = metrics, Alarms = [Alarm("a", namespaces: ["Shop", "Grinder"])] }).Status);
    }

    [Theory]
    [InlineData(79, AdvisorStatus.Green)]
    [InlineData(80, AdvisorStatus.Yellow)]
    [InlineData(99, AdvisorStatus.Yellow)]
    [InlineData(100, AdvisorStatus.Red)]
    [InlineData(130, AdvisorStatus.Red)]
    public void Quotas_are_yellow_from_80_percent_and_red_at_the_limit(long used, AdvisorStatus expected) =>
        Assert.Equal(expected, Run(AdvisorChecks.Quotas, Empty with { Quotas = [new("alarms", used, 100), new("dashboards", 1, 100)] }).Status);

    [Fact]
    public void Alarms_without_actions_are_yellow()
    {
        var r = Run(AdvisorChecks.AlarmsWithoutActions, Empty with { Alarms = [Alarm("quiet", actions: 0), Alarm("loud", actions: 2)] });
        Assert.Equal(AdvisorStatus.Yellow, r.Status);
        Assert.Equal("quiet", Assert.Single(r.Items).ResourceId);
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.AlarmsWithoutActions, Empty with { Alarms = [Alarm("loud", actions: 2)] }).Status);
    }

    [Theory]
    [InlineData("INSUFFICIENT_DATA", 23, AdvisorStatus.Green)]
    [InlineData("INSUFFICIENT_DATA", 25, AdvisorStatus.Yellow)]
    [InlineData("INSUFFICIENT_DATA", 8 * 24, AdvisorStatus.Red)]
    [InlineData("OK", 8 * 24, AdvisorStatus.Green)]
    public void Alarms_stuck_without_data_are_flagged_after_a_day(string state, int hours, AdvisorStatus expected) =>
        Assert.Equal(expected, Run(AdvisorChecks.StuckInsufficientData, Empty with { Alarms = [Alarm("a", state, since: TimeSpan.FromHours(hours))] }).Status);

    [Fact]
    public void Dashboards_with_some_missing_metrics_are_yellow_and_with_all_missing_red()
    {
        var metrics = new AdvisorMetricRef[] { new("Shop", "Orders") };
        var some = new AdvisorDashboard("some", [new("Shop", "Orders"), new("Shop", "Typo")]);
        var all = new AdvisorDashboard("all", [new("Gone", "X")]);
        var fine = new AdvisorDashboard("fine", [new("Shop", "Orders")]);
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.DashboardsWithMissingMetrics, Empty with { Metrics = metrics, Dashboards = [fine] }).Status);
        var yellow = Run(AdvisorChecks.DashboardsWithMissingMetrics, Empty with { Metrics = metrics, Dashboards = [fine, some] });
        Assert.Equal(AdvisorStatus.Yellow, yellow.Status);
        Assert.Contains("Shop/Typo", Assert.Single(yellow.Items).Details, StringComparison.Ordinal);
        Assert.Equal(AdvisorStatus.Red, Run(AdvisorChecks.DashboardsWithMissingMetrics, Empty with { Metrics = metrics, Dashboards = [some, all] }).Status);
    }

    [Fact]
    public void Mute_windows_without_end_are_yellow()
    {
        Assert.Equal(AdvisorStatus.Green, Run(AdvisorChecks.EndlessMutes, Empty with { Mutes = [new("deploy", Now.AddHours(2))] }).Status);
        var r = Run(AdvisorChecks.EndlessMutes, Empty with { Mutes = [new("deploy", Now.AddHours(2)), new("forever", null)] });
        Assert.Equal("forever", Assert.Single(r.Items).ResourceId);
    }
}
