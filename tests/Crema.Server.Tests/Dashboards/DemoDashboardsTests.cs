using Crema.Cli.Commands;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
using Crema.Simulator.Metrics;

namespace Crema.Server.Tests.Dashboards;

/// <summary>The demo's dashboards: accepted by the server, made once however often the demo runs, and their totals add the shops up.</summary>
public sealed class DemoDashboardsTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly string[] Shops = ["Central", "Station", "Harbour"];

    private CremaTestServer Server => shared.Server;

    [Fact]
    public async Task Setting_up_twice_leaves_one_dashboard_per_shop_and_an_overview()
    {
        var demo = new DemoDashboards(Server.Client, "DemoDash", Shops);
        await demo.SetUpAsync(CancellationToken.None);
        await demo.SetUpAsync(CancellationToken.None);
        var names = (await Server.Client.ListDashboardsAsync()).Dashboards.Select(d => d.Name).ToList();
        Assert.Equal(["coffee-shop-central", "coffee-shop-harbour", "coffee-shop-station", DemoDashboards.OverviewName], names.Order(StringComparer.Ordinal));
        Assert.Equal("Coffee shop — Harbour", (await Server.Client.GetDashboardAsync("coffee-shop-harbour")).Title);
    }

    [Fact]
    public void The_dashboards_name_only_the_demo_alarms_and_the_simulator_metrics()
    {
        var alarms = DemoAlarms.Definitions("DemoDash", Shops).Select(a => a.Name).ToHashSet();
        var metrics = typeof(MetricNames).GetFields().Where(f => f.Name is not ("ShopDimension" or "ItemDimension")).Select(f => (string)f.GetValue(null)!).ToHashSet();
        foreach (var (name, body) in DemoDashboards.Definitions("DemoDash", Shops))
        {
            foreach (var w in body.Widgets)
            {
                foreach (var a in w.Properties.Alarms ?? []) Assert.True(alarms.Contains(a), $"{name}: unknown alarm {a}");
                foreach (var q in w.Properties.Metrics ?? [])
                {
                    if (q.MetricStat is not { } ms) continue;
                    Assert.Contains(ms.Metric!.MetricName!, metrics);
                    Assert.All(ms.Metric.Dimensions!, d => Assert.Equal(MetricNames.ShopDimension, d.Name));
                }
            }

            // The shop's wait widget marks the demo alarm's level.
            if (name == "coffee-shop-central")
            {
                var wait = body.Widgets.Single(w => w.Properties.Alarms?.Contains("wait-too-long-Central") == true && w.Type == "metric");
                Assert.Equal(DemoAlarms.WaitThresholdSeconds, wait.Properties.Annotations!.Horizontal.Single().Value);
            }
        }
    }

    [Fact]
    public async Task The_overview_total_of_coffees_sold_is_the_sum_over_the_shops()
    {
        const string ns = "DemoDashSum";
        var hour = new DateTimeOffset(Server.Time.GetUtcNow().Year, Server.Time.GetUtcNow().Month, Server.Time.GetUtcNow().Day, Server.Time.GetUtcNow().Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
        var sold = new Dictionary<string, double> { ["Central"] = 12, ["Station"] = 5, ["Harbour"] = 9 };
        var data = new List<MetricDatumDto>();
        var minute = 0;
        foreach (var (shop, n) in sold)
        {
            data.Add(new MetricDatumDto { MetricName = MetricNames.CoffeesSold, Value = n - 1, Timestamp = hour.AddMinutes(++minute), Dimensions = [new DimensionDto("Shop", shop)] });
            data.Add(new MetricDatumDto { MetricName = MetricNames.CoffeesSold, Value = 1, Timestamp = hour.AddMinutes(++minute), Dimensions = [new DimensionDto("Shop", shop)] });
            // Sales per item are another series of the same metric: the overview must not count them again.
            data.Add(new MetricDatumDto { MetricName = MetricNames.CoffeesSold, Value = 100, Timestamp = hour.AddMinutes(minute), Dimensions = [new DimensionDto("Shop", shop), new DimensionDto("Item", "Latte")] });
        }

        await Server.PutAsync(ns, data);
        var overview = DemoDashboards.Definitions(ns, [.. sold.Keys]).Single(d => d.Name == DemoDashboards.OverviewName).Body;
        var widget = overview.Widgets.Single(w => w.Properties.Title == "Coffees sold per hour, all shops");
        var result = await Server.Client.GetMetricDataAsync(new GetMetricDataRequest { MetricDataQueries = widget.Properties.Metrics, StartTime = hour, EndTime = hour.AddHours(1) });
        var total = Assert.Single(result.MetricDataResults);
        Assert.Equal("total", total.Id);
        Assert.Equal([sold.Values.Sum()], total.Values);
    }
}
