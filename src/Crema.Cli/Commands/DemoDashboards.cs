using System.Globalization;
using System.Text;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Simulator.Metrics;

namespace Crema.Cli.Commands;

/// <summary>
/// The demo's dashboards: one "Coffee shop" dashboard per shop (<c>coffee-shop-&lt;shop&gt;</c>) and an overview of all
/// shops, over the metrics the simulator writes and the alarms <see cref="DemoAlarms"/> makes. Put through the public API;
/// a put replaces, so running the demo again on the same data leaves one of each.
/// Public so that the server's tests put the very bodies the demo makes.
/// </summary>
public sealed class DemoDashboards(CremaClient client, string metricNamespace, IReadOnlyList<string> shops)
{
    /// <summary>The overview's name.</summary>
    public const string OverviewName = "coffee-shops-overview";

    /// <summary>The name of one shop's dashboard: coffee-shop-&lt;shop in lower case&gt;, other characters as '-'.</summary>
    public static string ShopDashboardName(string shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var sb = new StringBuilder("coffee-shop-");
        foreach (var c in shop.ToLowerInvariant()) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        return sb.ToString();
    }

    /// <summary>Every demo dashboard as (name, body): the shops' then the overview.</summary>
    public static IEnumerable<(string Name, DashboardBodyDto Body)> Definitions(string metricNamespace, IReadOnlyList<string> shops)
    {
        ArgumentNullException.ThrowIfNull(shops);
        foreach (var shop in shops) yield return (ShopDashboardName(shop), Shop(metricNamespace, shop));
        yield return (OverviewName, Overview(metricNamespace, shops));
    }

    /// <summary>Creates or replaces every demo dashboard.</summary>
    public async Task SetUpAsync(CancellationToken ct)
    {
        foreach (var (name, body) in Definitions(metricNamespace, shops))
            await client.PutDashboardAsync(name, body, ct).ConfigureAwait(false);
    }

    private static DashboardBodyDto Shop(string ns, string shop)
    {
        var wait = DemoAlarms.AlarmName("wait-too-long", shop);
        var milkLow = DemoAlarms.AlarmName("milk-low", shop);
        var milkSoon = DemoAlarms.AlarmName("milk-runs-out-soon", shop);
        var noSales = DemoAlarms.AlarmName("no-sales", shop);
        MetricDataQueryDto Q(string id, string metric, string stat, int period, string label, bool? returnData = null) =>
            Query(id, ns, metric, [new DimensionDto(MetricNames.ShopDimension, shop)], stat, period, label, returnData);
        return new DashboardBodyDto
        {
            Title = "Coffee shop — " + shop,
            Start = "-PT12H",
            Timezone = "local",
            Refresh = 60,
            Widgets =
            [
                Metric(0, 0, 8, 6, "Coffees sold per hour", "bar", [Q("sold", MetricNames.CoffeesSold, "Sum", 3600, "Coffees sold")]),
                Metric(8, 0, 8, 6, "Revenue per hour", "timeSeries", [Q("revenue", MetricNames.Revenue, "Sum", 3600, "Revenue")]),
                Metric(16, 0, 8, 6, "Order wait (seconds)", "timeSeries",
                    [Q("avg", MetricNames.OrderWait, "Average", 60, "Average wait"), Q("p90", MetricNames.OrderWait, "p90", 60, "p90 wait")],
                    props => props with
                    {
                        YAxis = new DashboardYAxisDto(new DashboardAxisDto("Seconds", 0)),
                        Annotations = new DashboardAnnotationsDto([new DashboardHorizontalAnnotationDto("Wait alarm level (p90)", DemoAlarms.WaitThresholdSeconds)]),
                        Alarms = [wait],
                    }),
                Metric(0, 6, 8, 6, "Queue length", "timeSeries", [Q("queue", MetricNames.QueueLength, "Maximum", 60, "Customers waiting")]),
                Metric(8, 6, 8, 6, "Beans (kg) and milk (l) in stock", "timeSeries",
                    [Q("beans", MetricNames.StockBeansKg, "Average", 300, "Beans (kg)"), Q("milk", MetricNames.StockMilkLitres, "Average", 300, "Milk (l)")],
                    props => props with
                    {
                        YAxis = new DashboardYAxisDto(new DashboardAxisDto("kg / l", 0)),
                        Annotations = new DashboardAnnotationsDto([new DashboardHorizontalAnnotationDto("Milk low", DemoAlarms.MilkLowLitres)]),
                        Alarms = [milkLow],
                    }),
                Alarm(16, 6, 8, 6, "Milk", [milkSoon, milkLow]),
                Metric(0, 12, 6, 4, "Cups in stock", "singleValue", [Q("cups", MetricNames.StockCups, "Minimum", 300, "Cups")], props => props with { Sparkline = true }),
                Metric(6, 12, 6, 4, "Baristas on shift", "singleValue", [Q("baristas", MetricNames.BaristasOnShift, "Maximum", 300, "Baristas")],
                    props => props with { Sparkline = true }),
                Alarm(12, 12, 6, 4, "Alarms", [wait, milkLow, milkSoon, noSales]),
                Text(18, 12, 6, 4, string.Create(CultureInfo.InvariantCulture,
                    $"## {shop}\nSimulated by `crema demo`. The wait alarm fires when the p90 wait stays over {DemoAlarms.WaitThresholdSeconds:0} s for 3 minutes; " +
                    $"the milk forecast when milk would run out within 30 minutes. Alerts go to the topic `{DemoAlarms.Topic}`.")),
            ],
        };
    }

    private static DashboardBodyDto Overview(string ns, IReadOnlyList<string> shops)
    {
        IReadOnlyList<DimensionDto> everyShop = [new DimensionDto(MetricNames.ShopDimension, "*")];
        MetricDataQueryDto Q(string id, string metric, string stat, int period, string? label = null, bool? returnData = null) =>
            Query(id, ns, metric, everyShop, stat, period, label, returnData);
        MetricDataQueryDto E(string id, string expression, string label) => new() { Id = id, Expression = expression, Label = label, ReturnData = true };
        var waitAlarms = shops.Select(s => DemoAlarms.AlarmName("wait-too-long", s)).Take(100).ToList();
        var allAlarms = shops.SelectMany(s => DemoAlarms.Kinds.Select(k => DemoAlarms.AlarmName(k, s))).Take(100).ToList();
        return new DashboardBodyDto
        {
            Title = "Coffee shops — overview",
            Start = "-PT12H",
            Timezone = "local",
            Refresh = 60,
            Widgets =
            [
                Metric(0, 0, 12, 6, "Coffees sold per hour, by shop", "timeSeries", [Q("sold", MetricNames.CoffeesSold, "Sum", 3600)],
                    props => props with { Stacked = true }),
                Metric(12, 0, 6, 6, "Coffees sold per hour, all shops", "singleValue",
                    [Q("sold", MetricNames.CoffeesSold, "Sum", 3600, returnData: false), E("total", "SUM(sold)", "All shops")],
                    props => props with { Sparkline = true }),
                Metric(18, 0, 6, 6, "Revenue per hour, all shops", "timeSeries",
                    [Q("revenue", MetricNames.Revenue, "Sum", 3600, returnData: false), E("total", "SUM(revenue)", "Revenue, all shops")]),
                Metric(0, 6, 12, 6, "p90 order wait by shop (seconds)", "timeSeries", [Q("p90", MetricNames.OrderWait, "p90", 60)],
                    props => props with
                    {
                        YAxis = new DashboardYAxisDto(new DashboardAxisDto("Seconds", 0)),
                        Annotations = new DashboardAnnotationsDto([new DashboardHorizontalAnnotationDto("Wait alarm level (p90)", DemoAlarms.WaitThresholdSeconds)]),
                        Alarms = waitAlarms,
                    }),
                Metric(12, 6, 12, 6, "Queue length by shop", "timeSeries", [Q("queue", MetricNames.QueueLength, "Maximum", 60)]),
                Metric(0, 12, 8, 6, "Milk in stock by shop (l)", "timeSeries", [Q("milk", MetricNames.StockMilkLitres, "Average", 300)],
                    props => props with { Annotations = new DashboardAnnotationsDto([new DashboardHorizontalAnnotationDto("Milk low", DemoAlarms.MilkLowLitres)]) }),
                Metric(8, 12, 8, 6, "Beans (kg) and cups, all shops", "timeSeries",
                    [
                        Q("beans", MetricNames.StockBeansKg, "Average", 300, returnData: false), Q("cups", MetricNames.StockCups, "Average", 300, returnData: false),
                        E("allBeans", "SUM(beans)", "Beans (kg)"), E("allCups", "SUM(cups)", "Cups"),
                    ]),
                Metric(16, 12, 8, 6, "Baristas on shift, all shops", "singleValue",
                    [Q("baristas", MetricNames.BaristasOnShift, "Maximum", 300, returnData: false), E("total", "SUM(baristas)", "Baristas")],
                    props => props with { Sparkline = true }),
                Alarm(0, 18, 16, 6, "Every shop's alarms", allAlarms),
                Text(16, 18, 8, 6, string.Create(CultureInfo.InvariantCulture, $"## {shops.Count} coffee shops\nEach shop has its own dashboard: ") +
                    string.Join(", ", shops.Select(s => $"`{ShopDashboardName(s)}`")) + ". Totals add the shops up with `SUM` over `Shop=*`."),
            ],
        };
    }

    private static MetricDataQueryDto Query(string id, string ns, string metric, IReadOnlyList<DimensionDto> dims, string stat, int period, string? label, bool? returnData) =>
        new()
        {
            Id = id,
            Label = label,
            ReturnData = returnData,
            MetricStat = new MetricStatDto { Metric = new MetricDto { Namespace = ns, MetricName = metric, Dimensions = dims }, Stat = stat, Period = period },
        };

    private static DashboardWidgetDto Metric(int x, int y, int width, int height, string title, string view, IReadOnlyList<MetricDataQueryDto> queries,
        Func<DashboardWidgetPropertiesDto, DashboardWidgetPropertiesDto>? more = null)
    {
        var props = new DashboardWidgetPropertiesDto { Title = title, View = view, Metrics = queries, Legend = new DashboardLegendDto("bottom") };
        return new DashboardWidgetDto { Type = "metric", X = x, Y = y, Width = width, Height = height, Properties = more is null ? props : more(props) };
    }

    private static DashboardWidgetDto Alarm(int x, int y, int width, int height, string title, IReadOnlyList<string> alarms) =>
        new() { Type = "alarm", X = x, Y = y, Width = width, Height = height, Properties = new DashboardWidgetPropertiesDto { Title = title, Alarms = alarms } };

    private static DashboardWidgetDto Text(int x, int y, int width, int height, string markdown) =>
        new() { Type = "text", X = x, Y = y, Width = width, Height = height, Properties = new DashboardWidgetPropertiesDto { Markdown = markdown } };
}
