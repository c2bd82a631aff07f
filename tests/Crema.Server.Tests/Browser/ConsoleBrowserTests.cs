using System.Globalization;
using System.Text.Json;
using Crema.Cli.Commands;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
using Crema.Simulator.Model;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crema.Server.Tests.Browser;

/// <summary>The web console in headless Chromium against a live `crema demo`: sign-in, the demo dashboard with real data, the time range, a new widget, an alarm changing live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleBrowserTests(ConsoleUnderTest console, ITestOutputHelper output)
{
    private static readonly string Shop = ShopProfile.CreateDefaults(2)[0].Name;

    private static string ShopDashboard => DemoDashboards.ShopDashboardName(Shop);

    private async Task<IPage> SignedInAsync(int width = 1366, ColorScheme scheme = ColorScheme.Light)
    {
        var page = await console.NewPageAsync(width, scheme: scheme);
        await page.GotoAsync("/");
        await page.GetByTestId("sign-in-user").FillAsync("root");
        await page.GetByTestId("sign-in-password").FillAsync(CremaTestServer.RootPassword);
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await page.GetByTestId("signed-in-user").WaitForAsync();
        return page;
    }

    /// <summary>Waits until every metric widget on the page has drawn (or is empty/error) and returns their states and point counts.</summary>
    private static async Task<List<(string State, int Points, string Title)>> SettledMetricWidgetsAsync(IPage page)
    {
        var widgets = page.Locator("[data-testid=widget][data-widget-type=metric]");
        await Assertions.Expect(widgets.First).ToBeVisibleAsync();
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('[data-testid=widget][data-widget-type=metric] .widget-body')].every(b => b.dataset.state !== 'loading')",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var result = new List<(string, int, string)>();
        for (var i = 0; i < await widgets.CountAsync(); i++)
        {
            var w = widgets.Nth(i);
            var body = w.Locator(".widget-body").First;
            result.Add((await body.GetAttributeAsync("data-state") ?? "", int.Parse(await body.GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture),
                await w.GetAttributeAsync("aria-label") ?? ""));
        }
        return result;
    }

    [Fact]
    public async Task A_wrong_password_is_refused_in_words_and_the_right_one_opens_the_dashboards()
    {
        var page = await console.NewPageAsync();
        await page.GotoAsync("/dashboards");
        await page.GetByTestId("sign-in-user").FillAsync("root");
        await page.GetByTestId("sign-in-password").FillAsync("not-the-password");
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("not correct");

        await page.GetByTestId("sign-in-password").FillAsync(CremaTestServer.RootPassword);
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("root");
        await Assertions.Expect(page.GetByTestId("dashboard-link").Filter(new LocatorFilterOptions { HasText = ShopDashboard })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("dashboard-link").Filter(new LocatorFilterOptions { HasText = DemoDashboards.OverviewName })).ToBeVisibleAsync();
        output.WriteLine(await ConsoleUnderTest.ScreenshotAsync(page, "dashboards-list"));
    }

    [Fact]
    public async Task The_demo_dashboard_draws_real_data_in_every_graph()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/dashboards/" + ShopDashboard);
        await Assertions.Expect(page.GetByTestId("dashboard-title")).ToContainTextAsync(Shop);
        var widgets = await SettledMetricWidgetsAsync(page);
        output.WriteLine(string.Join('\n', widgets.Select(w => $"{w.Title}: {w.State} {w.Points} points")));
        output.WriteLine(await ConsoleUnderTest.ScreenshotAsync(page, "shop-dashboard-light"));

        // The simulator has written an hour of the shop's day: every graph has drawn points from the server.
        Assert.True(widgets.Count >= 5, $"{widgets.Count} metric widgets");
        Assert.All(widgets, w => Assert.True(w.State == "ready" && w.Points > 0, $"{w.Title}: {w.State} with {w.Points} points\n{console.DemoLog}"));
        Assert.True(await page.GetByTestId("chart-canvas").CountAsync() >= 3);

    }

    [Fact]
    public async Task A_topic_form_shows_the_servers_field_error_then_creates_the_topic()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/topics");
        await page.GetByTestId("topic-create").ClickAsync();
        var dialog = page.GetByTestId("topic-dialog");

        // A name the server refuses: its rule shows under the field and the dialog stays open for a fix.
        await dialog.GetByTestId("topic-name").FillAsync("no spaces allowed");
        await dialog.GetByTestId("topic-submit").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("field-error")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByTestId("topic-submit")).ToBeEnabledAsync();

        await dialog.GetByTestId("topic-name").FillAsync("browser-made-topic");
        await dialog.GetByTestId("topic-submit").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("topics-list")).ToContainTextAsync("browser-made-topic");
    }

    [Fact]
    public async Task Changing_the_time_range_requeries_every_widget()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/dashboards/" + ShopDashboard);
        await page.GetByTestId("range--PT3H").ClickAsync();
        var wide = await SettledMetricWidgetsAsync(page);
        var wideText = await page.GetByTestId("range-text").InnerTextAsync();

        await page.GetByTestId("range--PT15M").ClickAsync();
        await Assertions.Expect(page.GetByTestId("range-text")).Not.ToHaveTextAsync(wideText);

        // An hour of data shrinks to its last quarter: the graphs hold fewer points once they have re-queried.
        var wideSum = wide.Sum(w => w.Points);
        await page.WaitForFunctionAsync(
            "wide => { const b = [...document.querySelectorAll('[data-testid=widget][data-widget-type=metric] .widget-body')];" +
            " return b.every(x => x.dataset.state === 'ready') && b.reduce((s, x) => s + +x.dataset.points, 0) < wide; }",
            wideSum, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var narrow = await SettledMetricWidgetsAsync(page);
        output.WriteLine($"{wideText} → {await page.GetByTestId("range-text").InnerTextAsync()}");
        output.WriteLine(string.Join('\n', wide.Zip(narrow, (a, b) => $"{a.Title}: {a.Points} → {b.Points}")));
        Assert.All(narrow, w => Assert.Equal("ready", w.State));
        Assert.True(narrow.Sum(w => w.Points) < wideSum);
        Assert.All(wide.Zip(narrow), p => Assert.True(p.Second.Points <= p.First.Points, $"{p.First.Title}: {p.First.Points} → {p.Second.Points}"));
        await Assertions.Expect(page.GetByTestId("range-timezone")).Not.ToBeEmptyAsync();
    }

    [Fact]
    public async Task A_widget_made_in_the_editor_draws_and_is_saved_with_the_dashboard()
    {
        var name = "browser-made-" + Guid.NewGuid().ToString("N")[..6];
        var page = await SignedInAsync();
        await page.GotoAsync("/dashboards");
        await page.GetByTestId("dashboard-create").ClickAsync();
        await page.GetByTestId("dashboard-name").FillAsync(name);
        await page.GetByTestId("dashboard-dialog-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("dashboard")).ToHaveAttributeAsync("data-dashboard", name);

        if (await page.GetByTestId("widget-add").CountAsync() == 0) await page.GetByTestId("dashboard-edit").ClickAsync();
        await page.GetByTestId("widget-add").ClickAsync();
        var editor = page.GetByTestId("widget-editor");
        await editor.GetByTestId("widget-type").SelectOptionAsync("metric");
        await editor.GetByTestId("widget-title").FillAsync("Queue at " + Shop);
        if (await editor.GetByTestId("series-row").CountAsync() == 0) await editor.GetByTestId("add-series").ClickAsync();
        var row = editor.GetByTestId("series-row").First;
        await row.GetByTestId("series-namespace").SelectOptionAsync("CoffeeShop");
        await row.GetByTestId("series-metric").SelectOptionAsync(Crema.Simulator.Metrics.MetricNames.QueueLength);
        var dims = row.GetByTestId("series-dimensions");
        var option = dims.Locator("option").Filter(new LocatorFilterOptions { HasText = Shop }).First;
        await dims.SelectOptionAsync(new SelectOptionValue { Value = await option.GetAttributeAsync("value") ?? "" });
        await editor.GetByTestId("widget-save").ClickAsync();
        await page.GetByTestId("dashboard-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("dashboard-save")).ToHaveCountAsync(0);

        // Stored on the server as a real widget, and drawn again after a reload.
        var stored = await console.Client.GetDashboardAsync(name);
        var json = JsonSerializer.Serialize(stored, Crema.Client.CremaJson.Options);
        Assert.Contains("Queue at " + Shop, json, StringComparison.Ordinal);
        Assert.Contains(Crema.Simulator.Metrics.MetricNames.QueueLength, json, StringComparison.Ordinal);
        await page.ReloadAsync();
        var widgets = await SettledMetricWidgetsAsync(page);
        Assert.Equal("ready", Assert.Single(widgets).State);
        Assert.True(widgets[0].Points > 0);
        output.WriteLine(await ConsoleUnderTest.ScreenshotAsync(page, "made-in-editor"));
    }

    [Fact]
    public async Task An_alarm_changing_state_shows_on_the_open_dashboard_without_a_reload()
    {
        // An alarm of the test's own on a metric nobody writes (hourly, missing data ignored): only the test changes its state.
        var alarm = "browser-live-" + Guid.NewGuid().ToString("N")[..6];
        await console.Client.PutMetricAlarmAsync(alarm, new PutMetricAlarmRequest
        {
            Namespace = "BrowserTest", MetricName = "Nothing", Statistic = "Average", Period = 3600, EvaluationPeriods = 1,
            Threshold = 1, ComparisonOperator = ">", TreatMissingData = "ignore",
        });
        var dashboard = "browser-alarm-" + Guid.NewGuid().ToString("N")[..6];
        await console.Client.PutDashboardAsync(dashboard, new DashboardBodyDto
        {
            Title = "Live alarm",
            Widgets = [new DashboardWidgetDto { Type = "alarm", Width = 12, Height = 4, Properties = new DashboardWidgetPropertiesDto { Title = "Watched", Alarms = [alarm] } }],
        });

        var page = await SignedInAsync();
        await page.GotoAsync("/dashboards/" + dashboard);
        var badge = page.Locator($"[data-alarm='{alarm}'] [data-state-value]");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-state-value", "INSUFFICIENT_DATA");

        await console.Client.SetAlarmStateAsync(alarm, new SetAlarmStateRequest { StateValue = "ALARM", StateReason = "browser test: live change" });

        // Pushed through the live stream: no reload, well within the dashboard's refresh interval.
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-state-value", "ALARM", new LocatorAssertionsToHaveAttributeOptions { Timeout = 5_000 });
        output.WriteLine(await ConsoleUnderTest.ScreenshotAsync(page, "alarm-live"));

        // And on the alarms page, counted under ALARM.
        await page.GetByTestId("nav-alarms").ClickAsync();
        await Assertions.Expect(page.GetByTestId("alarms-count-ALARM")).Not.ToHaveAttributeAsync("data-count", "0");
        await Assertions.Expect(page.GetByTestId("alarms-group-ALARM")).ToContainTextAsync(alarm);
        output.WriteLine(await ConsoleUnderTest.ScreenshotAsync(page, "alarms-page"));
    }

    [Fact]
    public async Task The_scaling_page_shows_each_shops_baristas_with_capacity_policy_and_activities()
    {
        var page = await SignedInAsync();
        await page.GetByTestId("nav-scaling").ClickAsync();
        var targets = page.GetByTestId("scaling-targets");
        var target = "baristas-" + Shop;
        await Assertions.Expect(targets).ToContainTextAsync(target);
        await targets.GetByTestId("scaling-target-link").Filter(new LocatorFilterOptions { HasText = target }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("scaling-target-name")).ToContainTextAsync(target);
        await Assertions.Expect(page.GetByTestId("scaling-policies")).ToContainTextAsync("OrderWait");
        await Assertions.Expect(page.GetByTestId("scaling-chart")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("scaling-activities")).ToBeVisibleAsync();
        output.WriteLine(await ConsoleUnderTest.ScreenshotAsync(page, "scaling-target"));
    }

    [Fact]
    public async Task The_advisor_page_shows_the_pillars_and_an_excluded_item_apart_with_its_reason()
    {
        // Root has no MFA in the demo: the security check is red after a run.
        await console.Client.RunAdvisorChecksAsync();
        var page = await SignedInAsync();
        await page.GetByTestId("nav-advisor").ClickAsync();
        await Assertions.Expect(page.GetByTestId("advisor-pillar")).ToHaveCountAsync(6);
        var check = page.Locator("[data-testid=advisor-check][data-check-id=security-root-mfa]");
        await Assertions.Expect(check).ToHaveAttributeAsync("data-status", "Red");
        await check.GetByTestId("advisor-check-toggle").ClickAsync();
        await Assertions.Expect(check.GetByTestId("advisor-item")).ToHaveCountAsync(1);
        output.WriteLine(await ConsoleUnderTest.ScreenshotAsync(page, "advisor"));

        await check.GetByTestId("advisor-exclude").ClickAsync();
        await page.GetByTestId("advisor-exclude-reason").FillAsync("demo machine, no authenticator at hand");
        await page.GetByTestId("advisor-exclude-submit").ClickAsync();
        await Assertions.Expect(check.GetByTestId("advisor-exclusion-reason")).ToContainTextAsync("no authenticator at hand");
        await Assertions.Expect(check).Not.ToHaveAttributeAsync("data-status", "Red");

        // Back as it was, for the other tests.
        await check.GetByTestId("advisor-include").ClickAsync();
        await Assertions.Expect(check).ToHaveAttributeAsync("data-status", "Red");
    }

    [Fact]
    public async Task A_datapoint_written_while_the_dashboard_is_open_is_drawn_without_a_reload()
    {
        var dashboard = "browser-livevalue-" + Guid.NewGuid().ToString("N")[..6];
        var metric = "LiveValue" + Guid.NewGuid().ToString("N")[..6];
        async Task WriteAsync(double value) => await console.Client.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "BrowserTest",
            MetricData = [new MetricDatumDto { MetricName = metric, Value = value }],
        });
        await WriteAsync(11);
        await console.Client.PutDashboardAsync(dashboard, new DashboardBodyDto
        {
            Title = "Live value",
            Start = "-PT15M",
            Refresh = 0,
            Widgets =
            [
                new DashboardWidgetDto
                {
                    Type = "metric", Width = 8, Height = 4,
                    Properties = new DashboardWidgetPropertiesDto
                    {
                        Title = "Latest", View = "singleValue", Stat = "Maximum", Period = 1,
                        Metrics = [new MetricDataQueryDto { Id = "m1", MetricStat = new MetricStatDto { Metric = new MetricDto { Namespace = "BrowserTest", MetricName = metric }, Period = 1, Stat = "Maximum" } }],
                    },
                },
            ],
        });
        var page = await SignedInAsync();
        await page.GotoAsync("/dashboards/" + dashboard);
        var value = page.GetByTestId("single-value").First;
        await Assertions.Expect(value).ToContainTextAsync("11");

        // Auto-refresh is off: only the live stream can bring the new value.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await WriteAsync(77);
        await Assertions.Expect(value).ToContainTextAsync("77", new LocatorAssertionsToContainTextOptions { Timeout = 5_000 });
        output.WriteLine($"written → on screen: {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_tablet_in_dark_mode_gets_the_whole_console_without_sideways_scrolling()
    {
        var page = await SignedInAsync(768, ColorScheme.Dark);
        await page.GotoAsync("/dashboards/" + DemoDashboards.OverviewName);
        var widgets = await SettledMetricWidgetsAsync(page);
        Assert.All(widgets, w => Assert.Equal("ready", w.State));
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways at 768 px");
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.NotEqual("rgb(255, 255, 255)", background);
        await Assertions.Expect(page.GetByTestId("nav-dashboards")).ToBeVisibleAsync();

        // A "Shop=*" query is one line per shop: the by-shop graphs name every shop in their legends.
        var byShop = page.Locator("[data-testid=widget][data-view=timeSeries]").Filter(new LocatorFilterOptions { HasText = "by shop" });
        Assert.True(await byShop.CountAsync() >= 2);
        foreach (var shop in ShopProfile.CreateDefaults(2).Select(p => p.Name))
            await Assertions.Expect(byShop.First.Locator(".u-legend")).ToContainTextAsync(shop);
        output.WriteLine(await ConsoleUnderTest.ScreenshotAsync(page, "overview-tablet-dark"));
    }

    [Fact]
    public async Task A_graph_of_100000_points_draws_and_reports_its_time()
    {
        var page = await console.NewPageAsync();
        await page.GotoAsync("/dev/chart-bench");
        var result = page.GetByTestId("bench-result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-points", "100000", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        var ms = double.Parse(await result.GetAttributeAsync("data-ms") ?? "NaN", CultureInfo.InvariantCulture);

        // A figure, not a timed assertion (bench/README.md reports it): the chart drew all points.
        Assert.True(ms > 0);
        output.WriteLine($"uPlot drew 100,000 points in {ms:F1} ms");
        output.WriteLine(await ConsoleUnderTest.ScreenshotAsync(page, "chart-bench"));
    }
}
