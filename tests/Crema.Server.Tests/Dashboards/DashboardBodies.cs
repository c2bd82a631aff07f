using Crema.Client.Contracts;

namespace Crema.Server.Tests.Dashboards;

/// <summary>Dashboard bodies for tests.</summary>
internal static class DashboardBodies
{
    /// <summary>A valid body with one widget of each type and <paramref name="extraTextWidgets"/> more text widgets.</summary>
    public static DashboardBodyDto Valid(string title, int extraTextWidgets = 0)
    {
        var widgets = new List<DashboardWidgetDto>
        {
            new()
            {
                Type = "metric", X = 0, Y = 0, Width = 12, Height = 6,
                Properties = new DashboardWidgetPropertiesDto
                {
                    Title = "Order wait", View = "timeSeries", Stat = "Average", Period = 60,
                    Metrics =
                    [
                        new MetricDataQueryDto
                        {
                            Id = "m1", Label = "p90 wait",
                            MetricStat = new MetricStatDto
                            {
                                Metric = new MetricDto { Namespace = "CoffeeShop", MetricName = "OrderWait", Dimensions = [new DimensionDto("Shop", "Central")] },
                                Stat = "p90", Period = 60,
                            },
                        },
                        new MetricDataQueryDto { Id = "e1", Expression = "m1/60", Label = "p90 wait (min)", ReturnData = true },
                    ],
                    YAxis = new DashboardYAxisDto(new DashboardAxisDto("Seconds", 0)),
                    Legend = new DashboardLegendDto("bottom"),
                    Annotations = new DashboardAnnotationsDto([new DashboardHorizontalAnnotationDto("Alarm level", 480)]),
                    Alarms = ["wait-too-long-Central"],
                },
            },
            new() { Type = "alarm", X = 12, Y = 0, Width = 12, Height = 6, Properties = new DashboardWidgetPropertiesDto { Title = "Alarms", Alarms = ["wait-too-long-Central"] } },
            new() { Type = "text", X = 0, Y = 6, Width = 24, Height = 2, Properties = new DashboardWidgetPropertiesDto { Markdown = "## Central\nOpen 07:00–19:00" } },
        };
        for (var i = 0; i < extraTextWidgets; i++)
            widgets.Add(new DashboardWidgetDto { Type = "text", X = 0, Y = 8 + (2 * i), Width = 6, Height = 2, Properties = new DashboardWidgetPropertiesDto { Markdown = $"note {i}" } });
        return new DashboardBodyDto { Title = title, Start = "-PT3H", Timezone = "local", Refresh = 10, Widgets = widgets };
    }
}
