using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.Cli;
using Crema.Server.Tests.TestSupport;
using Microsoft.Playwright;

namespace Crema.Server.Tests.Browser;

/// <summary>
/// The web console as a shop owner meets it: a real `crema demo` child process (real clock, the
/// simulator writing live) and Debian's Chromium driven headless through Playwright.
/// </summary>
public sealed class ConsoleUnderTest : IAsyncLifetime
{
    /// <summary>Debian's Chromium; the test script installs it when missing.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _root = Directory.CreateTempSubdirectory("crema-browser-").FullName;
    private CremaProcess? _demo;
    private IPlaywright? _playwright;

    /// <summary>The demo's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client signed in as root, for arranging things the page should then show.</summary>
    public CremaClient Client { get; private set; } = null!;

    /// <summary>The headless browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>What the demo printed so far, for failure messages.</summary>
    public string DemoLog => _demo?.Log ?? "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./scripts/test.sh, which installs Debian's chromium");
        var port = CremaCli.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        // One simulated hour of history replayed fast, then real time: the dashboards have data at once and keep moving.
        _demo = new CremaProcess(
            ["demo", "--data", Path.Combine(_root, "data"), "--urls", BaseAddress.ToString().TrimEnd('/'), "--shops", "2",
             "--lookback", "1h", "--trouble", "none", "--for", "30m"],
            new Dictionary<string, string> { ["CREMA_ROOT_PASSWORD"] = CremaTestServer.RootPassword, ["TZ"] = ZoneWhereItIsEarlyAfternoon(TimeProvider.System.GetUtcNow().UtcDateTime) }, _root);
        await _demo.WaitHealthyAsync(BaseAddress, TimeSpan.FromSeconds(60));
        var signedIn = await CremaClient.Create(BaseAddress).SignInAsync(new SignInRequest { UserName = "root", Password = CremaTestServer.RootPassword });
        Client = CremaClient.Create(BaseAddress, credentials: CremaCredentials.FromSession(signedIn.SessionToken));
        await DemoReadyAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                // Nothing leaves the machine: no background networking, updates, sync or metrics.
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-domain-reliability", "--metrics-recording-only",
                "--no-first-run", "--no-default-browser-check", "--disable-features=Translate,OptimizationHints,MediaRouter",
            ],
        });
    }

    /// <summary>
    /// The shops keep local opening hours (the demo's time zone), so a test run in the evening would find
    /// them closed and the graphs nearly empty. The demo runs in a fixed-offset zone where it is now about
    /// 13:00: the replayed hour is the lunch rush, whenever the tests run.
    /// </summary>
    internal static string ZoneWhereItIsEarlyAfternoon(DateTime utcNow)
    {
        var offset = 13 - utcNow.Hour;
        if (offset > 14) offset -= 24;
        if (offset < -12) offset += 24;
        // POSIX-style Etc zones count the other way: Etc/GMT-5 is UTC+5.
        return offset == 0 ? "Etc/GMT" : offset > 0 ? $"Etc/GMT-{offset}" : $"Etc/GMT+{-offset}";
    }

    /// <summary>Waits until the demo has made its dashboards and the simulator's metrics are listed (the server is healthy before either).</summary>
    private async Task DemoReadyAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            var dashboards = await Client.ListDashboardsAsync();
            var metrics = await Client.ListMetricsAsync("CoffeeShop");
            if (dashboards.Dashboards.Any(d => d.Name == Crema.Cli.Commands.DemoDashboards.OverviewName) && metrics.Metrics.Count > 0) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"the demo did not set up its dashboards and metrics in time:\n{DemoLog}");
    }

    /// <summary>A fresh browser context (own cookies) with a page of the given size.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme,
            TimezoneId = "Europe/London",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot as a test artefact (artifacts/browser/NAME.png under the repository) and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var dir = Path.Combine(RepositoryRoot(), "artifacts", "browser");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crema.sln"))) return dir.FullName;
        }
        return AppContext.BaseDirectory;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_demo is not null)
        {
            if (!_demo.HasExited) await _demo.TerminateAsync(TimeSpan.FromSeconds(60));
            await _demo.DisposeAsync();
        }
        CremaTestServer.DeleteDirectory(_root);
    }
}
