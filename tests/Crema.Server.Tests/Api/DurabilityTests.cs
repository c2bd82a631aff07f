using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Api;

/// <summary>Acknowledged writes survive: concurrent writers lose nothing, and a crash (no graceful stop) is recovered from the WAL.</summary>
public sealed class DurabilityTests
{
    private static readonly DateTimeOffset Now = CremaTestServer.DefaultNow;

    [Fact]
    public async Task Concurrent_writers_lose_and_duplicate_nothing()
    {
        await using var server = await CremaTestServer.StartAsync();
        const int writers = 8, requests = 25, datums = 20;
        var start = Now.AddMinutes(-30);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var r = 0; r < requests; r++)
            {
                var data = Enumerable.Range(0, datums).Select(d => new MetricDatumDto
                {
                    MetricName = "Sold",
                    Dimensions = [new DimensionDto("Till", (d % 4).ToString(System.Globalization.CultureInfo.InvariantCulture))],
                    Timestamp = start.AddSeconds(r * datums + d),
                    Value = w + 1,
                }).ToArray();
                await server.Client.PutMetricDataAsync(new PutMetricDataRequest { Namespace = "Busy", MetricData = data });
            }
        })));

        double count = 0, sum = 0;
        for (var till = 0; till < 4; till++)
        {
            var r = await server.Client.GetMetricStatisticsAsync("Busy", "Sold", ["Till=" + till.ToString(System.Globalization.CultureInfo.InvariantCulture)], start, Now, 3600, ["SampleCount", "Sum"]);
            count += r.Datapoints.Sum(p => p.SampleCount!.Value);
            sum += r.Datapoints.Sum(p => p.Sum!.Value);
        }
        Assert.Equal(writers * requests * datums, count);
        // Writer w wrote value w + 1 each time.
        Assert.Equal(requests * datums * Enumerable.Range(1, writers).Sum(), sum);
        Assert.Equal(writers * requests * datums, (await server.GetStatsAsync()).SamplesAppended);
    }

    [Fact]
    public async Task A_copy_of_a_running_servers_directory_recovers_every_acknowledged_sample()
    {
        // Copying the directory of a live server gives the files a crash would leave (no head cut, WAL not closed).
        const string ns = "Crash";
        var start = Now.AddHours(-1);
        var copy = CremaTestServer.NewTempDirectory();
        try
        {
            string before;
            await using (var server = await CremaTestServer.StartAsync())
            {
                var rng = new Random(99);
                await server.PutAsync(ns, RandomMetricData.Generate(rng, "Wait", [new DimensionDto("Shop", "a")], start, TimeSpan.FromMinutes(30), 300, true, new NaiveSeries()));
                using (var flush = await server.Http.PostAsync(new Uri("api/v1/admin/flush", UriKind.Relative), null)) flush.EnsureSuccessStatusCode();
                await server.PutAsync(ns, RandomMetricData.Generate(rng, "Wait", [new DimensionDto("Shop", "a")], start, TimeSpan.FromMinutes(30), 300, false, new NaiveSeries()));
                before = await Snapshot.TakeAsync(server.Client, ns, start, Now);
                Assert.True((await server.GetStatsAsync()).HeadSamples > 0, "some samples should be only in the head and the WAL");
                CopyDirectory(server.DataDirectory, copy);
            }

            await using (var recovered = await CremaTestServer.StartAsync(copy))
            {
                Assert.Equal(before, await Snapshot.TakeAsync(recovered.Client, ns, start, Now));
            }
        }
        finally
        {
            CremaTestServer.DeleteDirectory(copy);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }
}
