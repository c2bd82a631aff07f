using System.Collections.Concurrent;
using Crema.Client;
using Crema.Client.Contracts;

namespace Crema.Server.Tests.Durability;

/// <summary>
/// Kills a real server with SIGKILL in the middle of ingest (with head cuts and compactions
/// running) and checks that every acknowledged sample is there after restart, exactly once.
/// </summary>
public sealed class KillTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "crema-kill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Sigkill_mid_ingest_loses_no_acknowledged_sample_and_duplicates_none()
    {
        // Tiny head and a fast maintenance loop, so kills also land during cuts and compactions.
        string[] tuning = ["--Storage:HeadMaxSamples=1500", "--Storage:MaintenanceInterval=00:00:00.050", "--Storage:CompactionFanIn=3"];
        var baseTime = TimeProvider.System.GetUtcNow().AddHours(-1);
        baseTime = DateTimeOffset.FromUnixTimeSeconds(baseTime.ToUnixTimeSeconds());
        const int writers = 4;
        var acked = new ConcurrentDictionary<(int Writer, int Seq), byte>();
        var sent = new ConcurrentDictionary<(int Writer, int Seq), byte>();
        var nextSeq = new int[writers];

        for (var round = 0; round < 3; round++)
        {
            var server = await ServerProcess.StartAsync(_dir, tuning);
            var client = CremaClient.Create(server.Url, TimeSpan.FromSeconds(10), server.Credentials);
            using var stop = new CancellationTokenSource();
            var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    // Each request carries 25 datums of one writer's series: seconds seq..seq+24.
                    var first = Interlocked.Add(ref nextSeq[w], 25) - 25;
                    var data = Enumerable.Range(first, 25).Select(seq => new MetricDatumDto
                    {
                        MetricName = "Orders",
                        Dimensions = [new DimensionDto("Writer", "w" + w)],
                        Timestamp = baseTime.AddSeconds(seq),
                        Value = seq,
                        StorageResolution = 1,
                    }).ToList();
                    foreach (var d in data) sent[(w, (int)d.Value!.Value)] = 0;
                    try
                    {
                        await client.PutMetricDataAsync(new PutMetricDataRequest { Namespace = "Kill", MetricData = data });
                        foreach (var d in data) acked[(w, (int)d.Value!.Value)] = 0;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or CremaApiException)
                    {
                        return; // the server died under us: this request was not acknowledged
                    }
                }
            })).ToArray();
            // Let ingest run until enough has been acknowledged, then kill without warning.
            var target = acked.Count + 2000;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (acked.Count < target && sw.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
            server.Kill();
            stop.Cancel();
            await Task.WhenAll(tasks);
            await server.DisposeAsync();
        }

        Assert.True(acked.Count >= 6000, $"only {acked.Count} samples were acknowledged");
        var restarted = await ServerProcess.StartAsync(_dir);
        try
        {
            var client = CremaClient.Create(restarted.Url, TimeSpan.FromSeconds(30), restarted.Credentials);
            var stored = await ReadAllAsync(client, baseTime, writers, nextSeq.Max());
            foreach (var key in acked.Keys) Assert.True(stored.ContainsKey(key), $"acknowledged sample {key} is missing after SIGKILL");
            foreach (var (key, count) in stored)
            {
                Assert.True(count == 1, $"sample {key} is stored {count} times");
                Assert.True(sent.ContainsKey(key), $"sample {key} was never sent");
            }

            // The same answers again after a graceful restart (head cut into a block, WAL emptied).
            await restarted.StopGracefullyAsync();
            await restarted.DisposeAsync();
            restarted = await ServerProcess.StartAsync(_dir);
            client = CremaClient.Create(restarted.Url, TimeSpan.FromSeconds(30), restarted.Credentials);
            var again = await ReadAllAsync(client, baseTime, writers, nextSeq.Max());
            Assert.Equal(stored.OrderBy(k => k.Key).ToList(), again.OrderBy(k => k.Key).ToList());
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }

    /// <summary>Every stored (writer, seq) with its count: one period per second, SampleCount and Sum tell which value is there.</summary>
    private static async Task<Dictionary<(int, int), int>> ReadAllAsync(CremaClient client, DateTimeOffset baseTime, int writers, int maxSeq)
    {
        var result = new Dictionary<(int, int), int>();
        for (var w = 0; w < writers; w++)
        {
            string? token = null;
            do
            {
                var r = await client.GetMetricDataAsync(new GetMetricDataRequest
                {
                    StartTime = baseTime,
                    EndTime = baseTime.AddSeconds(maxSeq + 1),
                    ScanBy = "TimestampAscending",
                    NextToken = token,
                    MetricDataQueries =
                    [
                        Query("n", w, "SampleCount"),
                        Query("s", w, "Sum"),
                    ],
                });
                token = r.NextToken;
                var n = r.MetricDataResults.Single(x => x.Id == "n");
                var s = r.MetricDataResults.Single(x => x.Id == "s");
                Assert.Equal(n.Timestamps, s.Timestamps);
                for (var i = 0; i < n.Values.Count; i++)
                {
                    var seq = (int)(n.Timestamps[i] - baseTime).TotalSeconds;
                    Assert.Equal(seq * n.Values[i], s.Values[i]);
                    result[(w, seq)] = (int)n.Values[i];
                }
            }
            while (token is not null);
        }
        return result;
    }

    private static MetricDataQueryDto Query(string id, int writer, string stat) => new()
    {
        Id = id,
        MetricStat = new MetricStatDto
        {
            Metric = new MetricDto { Namespace = "Kill", MetricName = "Orders", Dimensions = [new DimensionDto("Writer", "w" + writer)] },
            Period = 1,
            Stat = stat,
        },
    };
}
