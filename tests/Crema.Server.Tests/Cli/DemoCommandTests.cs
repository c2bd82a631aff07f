using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
using Crema.Simulator.Metrics;
using Crema.Simulator.Model;

namespace Crema.Server.Tests.Cli;

/// <summary>`crema demo` with redirected output: it runs for --for, prints the address, hints and summaries, and leaves the coffee shops' metrics on disk.</summary>
public sealed partial class DemoCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("crema-cli-demo-").FullName;

    public void Dispose() => CremaTestServer.DeleteDirectory(_root);

    [GeneratedRegex(@"^simulated (\d{4}-\d\d-\d\d \d\d:\d\d)  datums sent (\d+)  failed (\d+)  series (\d+)  samples stored (\d+)", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();

    [Fact]
    public async Task Demo_for_20_seconds_prints_hints_and_summaries_and_stores_every_shop_metric()
    {
        var dataDir = Path.Combine(_root, "data");
        var url = $"http://127.0.0.1:{CremaCli.FreePort()}";
        // A known root password (set at the first start), so that the check after the demo can sign in.
        var demo = await CremaCli.RunAsync(
            ["demo", "--data", dataDir, "--urls", url, "--for", "20s", "--speed", "600", "--shops", "2"],
            new Dictionary<string, string> { ["CREMA_ROOT_PASSWORD"] = CremaTestServer.RootPassword }, timeout: TimeSpan.FromSeconds(60));
        Assert.True(demo.ExitCode == 0, demo.All);

        var text = demo.Unwrapped;
        Assert.Contains($"Crema is running at {url}/", text, StringComparison.Ordinal);
        Assert.Contains("Try, in another terminal:", text, StringComparison.Ordinal);
        Assert.Contains($"crema metrics list --namespace CoffeeShop --url {url}/", text, StringComparison.Ordinal);
        Assert.Contains($"curl {url}/health", text, StringComparison.Ordinal);
        Assert.Contains($"Data directory: {dataDir}", text, StringComparison.Ordinal);

        // A summary every 5 s while it runs and one at the end; the simulated clock moves and nothing fails.
        var summaries = SummaryLine().Matches(demo.Stdout).Select(m => (
            Sim: m.Groups[1].Value,
            Sent: long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            Failed: long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
            Stored: long.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.True(summaries.Count >= 3, demo.All);
        Assert.Equal(summaries.Select(s => s.Sim).Order(StringComparer.Ordinal), summaries.Select(s => s.Sim));
        Assert.True(summaries[0].Sim != summaries[^1].Sim, demo.All);
        Assert.True(summaries[^1].Sent > 1000, demo.All);
        Assert.Equal(0, summaries[^1].Failed);
        Assert.True(summaries[^1].Stored >= summaries[^1].Sent, demo.All);
        var shops = ShopProfile.CreateDefaults(2).Select(p => p.Name).ToArray();
        foreach (var shop in shops) Assert.Contains("  " + shop + " ", demo.Stdout, StringComparison.Ordinal);

        // The demo stopped gracefully: a new server on its directory has every shop's metrics.
        var serveUrl = new Uri($"http://127.0.0.1:{CremaCli.FreePort()}/");
        await using var serve = new CremaProcess(["serve", "--data", dataDir, "--urls", serveUrl.ToString().TrimEnd('/')], workingDirectory: _root);
        await serve.WaitHealthyAsync(serveUrl);
        var signedIn = await CremaClient.Create(serveUrl).SignInAsync(new SignInRequest { UserName = "root", Password = CremaTestServer.RootPassword });
        var asRoot = new Dictionary<string, string> { ["CREMA_SESSION_TOKEN"] = signedIn.SessionToken };

        var list = await CremaCli.RunAsync(["metrics", "list", "--namespace", "CoffeeShop", "--json", "--url", serveUrl.ToString()], asRoot);
        Assert.True(list.ExitCode == 0, list.All);
        var metrics = JsonSerializer.Deserialize<List<MetricInfoDto>>(list.Stdout, CremaJson.Options)!;
        var shopLevel = metrics.Where(m => m.Dimensions.Count == 1 && m.Dimensions[0].Name == MetricNames.ShopDimension)
            .Select(m => (m.MetricName, Shop: m.Dimensions[0].Value)).ToHashSet();
        foreach (var shop in shops)
        {
            foreach (var name in new[] { MetricNames.CoffeesSold, MetricNames.OrderWait, MetricNames.QueueLength, MetricNames.StockMilkLitres, MetricNames.BaristasOnShift })
                Assert.True(shopLevel.Contains((name, shop)), $"{name} of {shop} missing from:\n{list.Stdout}");
            Assert.Contains(metrics, m => m.MetricName == MetricNames.CoffeesSold && m.Dimensions.Count == 2 && m.Dimensions.Any(d => d.Value == shop));

            // The simulated span starts at 06:00 local at most ~26 h ago; daily periods cover it.
            var get = await CremaCli.RunAsync(["metrics", "get", "-n", "CoffeeShop", "-m", MetricNames.OrderWait, "-d", "Shop=" + shop,
                "--stat", "p90", "--period", "86400", "--since", "2d", "--json", "--url", serveUrl.ToString()], asRoot);
            Assert.True(get.ExitCode == 0, get.All);
            var result = JsonSerializer.Deserialize<GetMetricDataResponse>(get.Stdout, CremaJson.Options)!.MetricDataResults.Single();
            Assert.NotEmpty(result.Values);
            // Waits are served drinks: seconds, positive, and well under an hour.
            Assert.All(result.Values, v => Assert.InRange(v, 1, 3600));
        }
        Assert.Equal(0, await serve.TerminateAsync(TimeSpan.FromSeconds(30)));
    }
}
