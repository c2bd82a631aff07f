using Crema.Client.Contracts;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Api;

/// <summary>A server stopped gracefully and started again on the same data directory answers exactly as before.</summary>
public sealed class RestartTests
{
    private static readonly DateTimeOffset Now = CremaTestServer.DefaultNow;

    [Fact]
    public async Task Restart_on_the_same_data_directory_loses_and_duplicates_nothing()
    {
        var dir = CremaTestServer.NewTempDirectory();
        try
        {
            const string ns = "Restart";
            var start = Now.AddHours(-3);
            var rng = new Random(2024);
            string first;
            Crema.Storage.StoreStats stats;
            await using (var server = await CremaTestServer.StartAsync(dir))
            {
                // Some data in a block (flushed), some only in the head and the WAL.
                await server.PutAsync(ns, RandomMetricData.Generate(rng, "Wait", [new DimensionDto("Shop", "a")], start, TimeSpan.FromHours(1), 300, true, new NaiveSeries()));
                using (var flush = await server.Http.PostAsync(new Uri("api/v1/admin/flush", UriKind.Relative), null)) flush.EnsureSuccessStatusCode();
                await server.PutAsync(ns, RandomMetricData.Generate(rng, "Wait", [new DimensionDto("Shop", "a")], start, TimeSpan.FromHours(1), 200, false, new NaiveSeries()));
                await server.PutAsync(ns, RandomMetricData.Generate(rng, "Sold", [new DimensionDto("Shop", "b")], start, TimeSpan.FromHours(2), 200, false, new NaiveSeries()));
                first = await Snapshot.TakeAsync(server.Client, ns, start, Now);
                stats = await server.GetStatsAsync();
            }

            await using (var server = await CremaTestServer.StartAsync(dir))
            {
                Assert.Equal(first, await Snapshot.TakeAsync(server.Client, ns, start, Now));
                Assert.Equal(stats.Series, (await server.GetStatsAsync()).Series);
                // Writes after a restart add to what was there.
                await server.PutAsync(ns, [new MetricDatumDto { MetricName = "Sold", Dimensions = [new DimensionDto("Shop", "c")], Timestamp = start, Value = 1 }]);
            }

            await using (var server = await CremaTestServer.StartAsync(dir))
            {
                var listed = await server.Client.ListMetricsAsync(ns);
                Assert.Equal(3, listed.Metrics.Count);
                var shopC = await server.Client.GetMetricStatisticsAsync(ns, "Sold", ["Shop=c"], start, Now, 60, ["SampleCount", "Sum"]);
                var point = Assert.Single(shopC.Datapoints);
                Assert.Equal((start, 1.0, 1.0), (point.Timestamp, point.SampleCount!.Value, point.Sum!.Value));
                // The earlier series are untouched by the third start.
                var again = await Snapshot.TakeAsync(server.Client, ns, start, Now);
                Assert.Equal(Without(first, "Shop=c"), Without(again, "Shop=c"));
            }
        }
        finally
        {
            CremaTestServer.DeleteDirectory(dir);
        }
    }

    /// <summary>The snapshot without the block of one series and without the per-query lines (their ids shift when a series is added).</summary>
    private static string Without(string snapshot, string series)
    {
        var kept = new List<string>();
        var skipping = false;
        foreach (var line in snapshot.Split('\n'))
        {
            if (!line.StartsWith(' ')) skipping = line.Contains(series, StringComparison.Ordinal) || line.StartsWith('m');
            if (!skipping) kept.Add(line);
        }
        return string.Join('\n', kept);
    }
}
