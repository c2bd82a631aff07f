using Crema.Client;
using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.Cli;

/// <summary>`crema serve` as a real process: it answers, and SIGTERM is a graceful stop that leaves a block and an empty WAL.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("crema-cli-serve-").FullName;

    public void Dispose() => CremaTestServer.DeleteDirectory(_root);

    private static async Task<List<MetricDatumDto>> PutSeriesAsync(Uri url, string ns, int count)
    {
        // The child server reads the real clock, so the datums are stamped just before it.
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        var data = Enumerable.Range(0, count).Select(i => new MetricDatumDto
        {
            MetricName = "Orders",
            Dimensions = [new DimensionDto("Till", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Timestamp = now.AddSeconds(-count + i),
            Value = i * 1.5,
            StorageResolution = 1,
        }).ToList();
        var session = await CremaClient.Create(url).SignInAsync(new SignInRequest { UserName = "root", Password = CremaTestServer.RootPassword });
        var client = CremaClient.Create(url, credentials: CremaCredentials.FromSession(session.SessionToken));
        var r = await client.PutMetricDataAsync(new PutMetricDataRequest { Namespace = ns, MetricData = data });
        Assert.Equal(count, r.Datums);
        return data;
    }

    private static void AssertFlushed(string dataDir)
    {
        var blocks = Path.Combine(dataDir, "samples", "blocks");
        Assert.NotEmpty(Directory.GetFiles(blocks, "raw-*.crb"));
        var wal = Directory.GetFiles(Path.Combine(dataDir, "samples", "wal"), "*.wal");
        Assert.All(wal, f => Assert.True(new FileInfo(f).Length == 0, $"{f} holds {new FileInfo(f).Length} bytes after a graceful stop"));
    }

    [Fact]
    public async Task Sigterm_stops_serve_with_exit_code_0_after_flushing_the_head_into_a_block()
    {
        var dataDir = Path.Combine(_root, "data");
        var url = new Uri($"http://127.0.0.1:{CremaCli.FreePort()}/");
        await using var serve = new CremaProcess(["serve", "--data", dataDir, "--urls", url.ToString().TrimEnd('/'), "--root-password", CremaTestServer.RootPassword],
            workingDirectory: _root);
        await serve.WaitHealthyAsync(url);

        using (var http = new HttpClient { BaseAddress = url })
        {
            var health = await http.GetStringAsync("health");
            Assert.Contains("\"status\":\"ok\"", health, StringComparison.Ordinal);
        }
        var data = await PutSeriesAsync(url, "CliServe", 60);

        var exit = await serve.TerminateAsync(TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, $"exit {exit}\n{serve.Log}");
        AssertFlushed(dataDir);

        // The block holds every sample: a new server on the directory (nothing to replay) reads them back.
        var now = TimeProvider.System.GetUtcNow();
        await using var reopened = await CremaTestServer.StartAsync(dataDir, new FakeTimeProvider(now));
        var from = data.Min(d => d.Timestamp!.Value);
        var r = await reopened.Client.GetMetricDataAsync(new GetMetricDataRequest
        {
            StartTime = from.AddTicks(-(from.UtcTicks % TimeSpan.TicksPerHour)),
            EndTime = now.AddHours(1),
            MetricDataQueries = Enumerable.Range(0, 3).Select(till => new MetricDataQueryDto
            {
                Id = "till" + till.ToString(System.Globalization.CultureInfo.InvariantCulture),
                MetricStat = new MetricStatDto
                {
                    Metric = new MetricDto { Namespace = "CliServe", MetricName = "Orders", Dimensions = [new DimensionDto("Till", till.ToString(System.Globalization.CultureInfo.InvariantCulture))] },
                    Period = 3600,
                    Stat = "Sum",
                },
            }).ToList(),
        });
        Assert.Equal(data.Sum(d => d.Value!.Value), r.MetricDataResults.Sum(x => x.Values.Sum()), 9);
    }

    [Fact]
    public async Task Without_flags_serve_uses_CREMA_DATA_and_ASPNETCORE_URLS()
    {
        var dataDir = Path.Combine(_root, "from-env");
        var work = Directory.CreateDirectory(Path.Combine(_root, "cwd")).FullName;
        var url = new Uri($"http://127.0.0.1:{CremaCli.FreePort()}/");
        var env = new Dictionary<string, string>
        {
            ["CREMA_DATA"] = dataDir,
            ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/'),
            ["CREMA_ROOT_PASSWORD"] = CremaTestServer.RootPassword,
        };
        await using var serve = new CremaProcess(["serve"], env, work);
        await serve.WaitHealthyAsync(url);
        await PutSeriesAsync(url, "CliServeEnv", 5);

        var exit = await serve.TerminateAsync(TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, $"exit {exit}\n{serve.Log}");
        AssertFlushed(dataDir);
        // Nothing went to the default ./crema-data of the working directory.
        Assert.False(Directory.Exists(Path.Combine(work, "crema-data")));
    }

    [Fact]
    public async Task Serve_on_an_address_in_use_exits_non_zero_with_a_message()
    {
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;
        var r = await CremaCli.RunAsync(["serve", "--data", Path.Combine(_root, "busy"), "--urls", $"http://127.0.0.1:{port}"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("error: crema could not start", r.Stderr, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("address already in use", r.Stderr, StringComparison.Ordinal);
    }
}
