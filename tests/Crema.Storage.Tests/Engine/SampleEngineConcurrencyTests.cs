using System.Collections.Concurrent;
using Crema.Core.Metrics;
using Crema.Core.Statistics;
using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

/// <summary>Appends, cuts, compactions and queries at once; and back-pressure when too much waits for the WAL.</summary>
public sealed class SampleEngineConcurrencyTests : IDisposable
{
    private const int Writers = 8;
    private const int AppendsPerWriter = 60;
    private const int SamplesPerWrite = 4;
    private readonly EngineTempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Data => _dir.Sub("data");

    [Fact]
    public async Task Concurrent_appends_cuts_and_queries_keep_every_acknowledged_sample_exactly_once()
    {
        var keys = new SeriesKey[6];
        for (var k = 0; k < keys.Length; k++) keys[k] = new SeriesKey("Test/Concurrent", "M", [new Dimension("Series", k.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var submitted = new long[keys.Length];
        var acked = new long[keys.Length];
        var ackedSamples = new ConcurrentBag<(int Series, Sample Sample)>();
        var time = EngineHarness.Clock();
        var engine = EngineHarness.Open(Data, time, o => o.CompactionFanIn = 3);
        try
        {
            var writing = Writers;
            var writers = new Task[Writers];
            for (var w = 0; w < Writers; w++)
            {
                var writer = w;
                writers[w] = Task.Run(async () =>
                {
                    try
                    {
                        var rng = new Random(100 + writer);
                        for (var i = 0; i < AppendsPerWriter; i++)
                        {
                            // Two different series per write, overlapping with the other writers'.
                            var s1 = rng.Next(keys.Length);
                            var s2 = (s1 + 1 + rng.Next(keys.Length - 1)) % keys.Length;
                            var batch = new List<SeriesWrite>();
                            var parts = new List<(int, Sample[])>();
                            foreach (var s in new[] { s1, s2 })
                            {
                                var samples = new Sample[SamplesPerWrite];
                                for (var j = 0; j < samples.Length; j++)
                                {
                                    // Unique per (writer, append, series slot, j), so a duplicate is detectable.
                                    var id = ((i * Writers + writer) * 2 + (s == s1 ? 0 : 1)) * SamplesPerWrite + j;
                                    samples[j] = Sample.Plain(EngineHarness.T0 + id * 10L, id);
                                }
                                batch.Add(new SeriesWrite(keys[s], 60, samples));
                                parts.Add((s, samples));
                                Interlocked.Add(ref submitted[s], samples.Length);
                            }
                            await engine.AppendAsync(batch);
                            foreach (var (s, samples) in parts)
                            {
                                foreach (var x in samples) ackedSamples.Add((s, x));
                                Interlocked.Add(ref acked[s], samples.Length);
                            }
                        }
                    }
                    finally
                    {
                        Interlocked.Decrement(ref writing);
                    }
                });
            }

            var cuts = 0;
            var cutter = Task.Run(async () =>
            {
                var round = 0;
                while (Volatile.Read(ref writing) > 0)
                {
                    if (++round % 4 == 0) await engine.MaintainOnceAsync(force: false, CancellationToken.None);
                    else if (await engine.CutHeadAsync(force: true, CancellationToken.None) > 0) cuts++;
                    await Task.Delay(3);
                }
            });

            var checks = 0;
            var reader = Task.Run(async () =>
            {
                var rng = new Random(7);
                while (Volatile.Read(ref writing) > 0)
                {
                    var s = rng.Next(keys.Length);
                    var floor = Interlocked.Read(ref acked[s]);
                    var raw = engine.ReadRaw(keys[s], long.MinValue, long.MaxValue);
                    var q = engine.Query(keys[s], EngineHarness.T0, EngineHarness.T0 + 10_000_000, 3600, [Statistic.SampleCount]);
                    var ceiling = Interlocked.Read(ref submitted[s]);
                    Assert.InRange(raw.Count, floor, ceiling);
                    var distinct = new HashSet<double>();
                    foreach (var x in raw) Assert.True(distinct.Add(x.Sum), $"sample {x.Sum} of series {s} was read twice");
                    double counted = 0;
                    foreach (var c in q.Values[0]) counted += c;
                    Assert.InRange(counted, floor, ceiling);
                    checks++;
                    await Task.Yield();
                }
            });

            await Task.WhenAll(writers);
            await Task.WhenAll(cutter, reader);
            Assert.True(cuts > 0, "the cutter cut while writers wrote");
            Assert.True(checks > 0, "the reader read while writers wrote");

            AssertExactlyOnce(engine, keys, ackedSamples);
            await engine.MaintainOnceAsync(force: true, CancellationToken.None);
            AssertExactlyOnce(engine, keys, ackedSamples);
        }
        finally
        {
            await engine.DisposeAsync();
        }

        await using var reopened = EngineHarness.Open(Data, time);
        AssertExactlyOnce(reopened, keys, ackedSamples);
    }

    private static void AssertExactlyOnce(SampleEngine engine, SeriesKey[] keys, ConcurrentBag<(int Series, Sample Sample)> acked)
    {
        var total = 0;
        for (var s = 0; s < keys.Length; s++)
        {
            var expected = new List<Sample>();
            foreach (var (series, x) in acked)
                if (series == s) expected.Add(x);
            EngineHarness.AssertRawEquals(engine, keys[s], expected);
            total += expected.Count;
        }
        Assert.Equal(Writers * AppendsPerWriter * 2 * SamplesPerWrite, total);
    }

    [Fact]
    public async Task Too_many_samples_waiting_for_the_wal_is_refused_with_a_retry_hint()
    {
        var key = new SeriesKey("Test/Overload", "M");
        await using var engine = EngineHarness.Open(Data, EngineHarness.Clock(), o => o.MaxPendingSamples = 200);
        var accepted = new List<Sample>();
        var refused = 0;
        var next = 0L;
        // A burst far faster than fsync: refusals are expected on the first try; a few tries keep it certain.
        for (var attempt = 0; attempt < 5 && refused == 0; attempt++)
        {
            var tasks = new List<(Task Task, Sample[] Samples)>();
            for (var i = 0; i < 200; i++)
            {
                var samples = new Sample[50];
                for (var j = 0; j < samples.Length; j++, next++) samples[j] = Sample.Plain(EngineHarness.T0 + next, next);
                tasks.Add((engine.AppendAsync([new SeriesWrite(key, 60, samples)]).AsTask(), samples));
            }
            foreach (var (task, samples) in tasks)
            {
                try
                {
                    await task;
                    accepted.AddRange(samples);
                }
                catch (StoreOverloadedException ex)
                {
                    Assert.True(ex.RetryAfter > TimeSpan.Zero);
                    refused++;
                }
            }
        }
        Assert.True(refused > 0, "a burst of 10 000 samples against a limit of 200 was never refused");
        Assert.NotEmpty(accepted);

        // Refused writes left nothing behind; once the burst is over, writes are taken again.
        EngineHarness.AssertRawEquals(engine, key, accepted);
        var after = Sample.Plain(EngineHarness.T0 + next, -1);
        await engine.AppendAsync([new SeriesWrite(key, 60, [after])]);
        accepted.Add(after);
        EngineHarness.AssertRawEquals(engine, key, accepted);

        // A single write bigger than the limit is still taken when nothing else waits.
        var big = new Sample[500];
        for (var j = 0; j < big.Length; j++) big[j] = Sample.Plain(EngineHarness.T0 + ++next, j);
        await engine.AppendAsync([new SeriesWrite(key, 60, big)]);
        accepted.AddRange(big);
        EngineHarness.AssertRawEquals(engine, key, accepted);
    }
}
