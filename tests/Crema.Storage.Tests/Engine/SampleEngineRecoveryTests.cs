using Crema.Core.Metrics;
using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

/// <summary>
/// Crash recovery. A crash is simulated by copying the data directory while the engine is open
/// (acknowledged appends are fsync'd, so the copy is what the disk would hold) and opening the copy.
/// </summary>
public sealed class SampleEngineRecoveryTests : IDisposable
{
    private static readonly int[] Periods = [10, 60, 3600];
    private readonly EngineTempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Data => _dir.Sub("data");

    private static Workload NewWorkload(int seed) =>
        Workload.Create(seed, series: 3, perSeries: 800, start: EngineHarness.T0 + 500, spanMs: 3_600_000);

    private static void AssertHolds(SampleEngine engine, SeriesKey key, List<Sample> samples, long endMs)
    {
        EngineHarness.AssertRawEquals(engine, key, samples);
        foreach (var p in Periods) NaiveStatistics.AssertQuery(engine, key, samples, EngineHarness.T0, endMs, p);
    }

    private static void AssertHolds(SampleEngine engine, Workload w, int arrivals)
    {
        foreach (var key in w.Keys) AssertHolds(engine, key, w.SamplesOf(key, 0, arrivals), w.MaxTime + 1);
    }

    [Fact]
    public async Task A_copy_taken_while_open_replays_the_wal_and_answers_the_same()
    {
        var w = NewWorkload(41);
        var half = w.Count / 2;
        var part3 = w.Count * 3 / 4;
        await using var engine = EngineHarness.Open(Data, EngineHarness.Clock());
        await EngineHarness.AppendAsync(engine, w.Batches(1, 0, half, 40), parallel: 8);
        await engine.CutHeadAsync(force: true, CancellationToken.None);
        await EngineHarness.AppendAsync(engine, w.Batches(2, half, part3, 40), parallel: 8);

        var crash = _dir.Sub("crash1");
        EngineHarness.CopyDirectory(Data, crash);
        await using (var recovered = EngineHarness.Open(crash, EngineHarness.Clock()))
        {
            Assert.Equal(part3 - half, recovered.GetStats().HeadSamples);
            Assert.Equal(1, EngineHarness.RawBlocks(crash));
            Assert.Equal(engine.FindSeries(new SeriesFilter()), recovered.FindSeries(new SeriesFilter()));
            AssertHolds(recovered, w, part3);

            // The recovered engine takes more writes (reusing series ids it learnt from the WAL)
            // and survives a second crash.
            await EngineHarness.AppendAsync(recovered, w.Batches(3, part3, w.Count, 40), parallel: 8);
            var crash2 = _dir.Sub("crash2");
            EngineHarness.CopyDirectory(crash, crash2);
            await using var again = EngineHarness.Open(crash2, EngineHarness.Clock());
            Assert.Equal(w.Count - half, again.GetStats().HeadSamples);
            AssertHolds(again, w, w.Count);
        }

        // The original never noticed.
        AssertHolds(engine, w, part3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(11)]
    public async Task A_torn_wal_tail_keeps_every_complete_record(int tornBytes)
    {
        var key = new SeriesKey("Test/Engine", "Torn", [new Dimension("Host", "a")]);
        var other = new SeriesKey("Test/Engine", "Torn", [new Dimension("Host", "b")]);
        var rng = new Random(tornBytes);
        var written = new List<Sample>();
        await using var engine = EngineHarness.Open(Data, EngineHarness.Clock());
        var t = EngineHarness.T0;
        for (var b = 0; b < 30; b++)
        {
            var samples = new Sample[rng.Next(1, 6)];
            for (var i = 0; i < samples.Length; i++) samples[i] = Sample.Plain(t += rng.Next(1, 5000), Math.Round(rng.NextDouble() * 100, 3));
            // Sequential appends: one WAL record each, in this order.
            await engine.AppendAsync([new SeriesWrite(key, 60, samples), new SeriesWrite(other, 1, [Sample.Plain(t, b)])]);
            written.AddRange(samples);
            if (b == 12) await engine.CutHeadAsync(force: true, CancellationToken.None);
        }
        var last = new[] { Sample.Plain(t + 1, 1), Sample.Plain(t + 2, 2), Sample.Plain(t + 3, 3) };
        await engine.AppendAsync([new SeriesWrite(key, 60, last)]);

        var crash = _dir.Sub("crash");
        EngineHarness.CopyDirectory(Data, crash);
        var segments = Directory.GetFiles(EngineHarness.WalDir(crash), "*.wal");
        Array.Sort(segments, StringComparer.Ordinal);
        using (var f = new FileStream(segments[^1], FileMode.Open, FileAccess.Write))
        {
            Assert.True(f.Length > tornBytes + 8, "the last segment holds the last record");
            f.SetLength(f.Length - tornBytes);
        }

        await using (var recovered = EngineHarness.Open(crash, EngineHarness.Clock()))
        {
            EngineHarness.AssertRawEquals(recovered, key, written);
            Assert.Equal(30, recovered.ReadRaw(other, long.MinValue, long.MaxValue).Count);
            NaiveStatistics.AssertQuery(recovered, key, written, EngineHarness.T0, t + 10, 60);

            // The log goes on after the cut-off tail.
            await recovered.AppendAsync([new SeriesWrite(key, 60, last)]);
        }
        written.AddRange(last);
        await using var reopened = EngineHarness.Open(crash, EngineHarness.Clock());
        EngineHarness.AssertRawEquals(reopened, key, written);
    }

    [Fact]
    public async Task Reopening_after_a_graceful_stop_replays_nothing_and_answers_the_same()
    {
        var w = NewWorkload(43);
        var engine = EngineHarness.Open(Data, EngineHarness.Clock());
        await EngineHarness.AppendAsync(engine, w.Batches(1, 0, w.Count / 3, 40), parallel: 8);
        await engine.CutHeadAsync(force: true, CancellationToken.None);
        await EngineHarness.AppendAsync(engine, w.Batches(2, w.Count / 3, w.Count, 40), parallel: 8);
        var before = engine.FindSeries(new SeriesFilter());
        await engine.DisposeAsync();

        await using var reopened = EngineHarness.Open(Data, EngineHarness.Clock());
        var stats = reopened.GetStats();
        Assert.Equal(0, stats.HeadSamples);
        Assert.Equal(2, EngineHarness.RawBlocks(Data));
        Assert.Equal(4, stats.Blocks); // each cut also wrote its hour rollups
        Assert.Equal(0, stats.WalBytes);
        Assert.Equal(before, reopened.FindSeries(new SeriesFilter()));
        AssertHolds(reopened, w, w.Count);
    }

    [Fact]
    public async Task A_crash_between_block_write_and_wal_deletion_replays_no_sample_twice()
    {
        var w = NewWorkload(44);
        var half = w.Count / 2;
        await using var engine = EngineHarness.Open(Data, EngineHarness.Clock());
        await EngineHarness.AppendAsync(engine, w.Batches(1, 0, half, 40), parallel: 8);

        // The segments the cut is about to write into a block and delete.
        var walBeforeCut = _dir.Sub("wal-before-cut");
        EngineHarness.CopyDirectory(EngineHarness.WalDir(Data), walBeforeCut);
        await engine.CutHeadAsync(force: true, CancellationToken.None);
        await EngineHarness.AppendAsync(engine, w.Batches(2, half, w.Count, 40), parallel: 8);

        var crash = _dir.Sub("crash");
        EngineHarness.CopyDirectory(Data, crash);
        var restored = new List<string>();
        foreach (var f in Directory.GetFiles(walBeforeCut))
        {
            var target = Path.Combine(EngineHarness.WalDir(crash), Path.GetFileName(f));
            if (File.Exists(target)) continue;
            File.Copy(f, target);
            restored.Add(target);
        }
        Assert.NotEmpty(restored); // the cut deleted the segments it wrote into the block

        await using (var recovered = EngineHarness.Open(crash, EngineHarness.Clock()))
        {
            Assert.Equal(w.Count - half, recovered.GetStats().HeadSamples);
            AssertHolds(recovered, w, w.Count);
        }

        // Opening deleted the covered segments; a second start still counts everything once.
        foreach (var f in restored) Assert.False(File.Exists(f), $"covered segment {f} is still there");
        await using var again = EngineHarness.Open(crash, EngineHarness.Clock());
        AssertHolds(again, w, w.Count);
    }
}
