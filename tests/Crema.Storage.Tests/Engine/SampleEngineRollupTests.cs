using Crema.Core.Metrics;
using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

/// <summary>
/// Rollups written with each head cut: late samples merge into periods already rolled up, the
/// rollup tiers answer like raw data (head included) before and after restarts, compaction and
/// age-out, and a crash in a cut or a rollup compaction counts no sample twice.
/// </summary>
public sealed class SampleEngineRollupTests : IDisposable
{
    private const long Hour = 3_600_000;
    private const long Day = 86_400_000;
    private readonly EngineTempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Data => _dir.Sub("data");

    /// <summary>Raw kept 14 days and minutes 20, so a fake clock reaches the 1-minute and then the 1-hour tier quickly.</summary>
    private static Action<EngineOptions> Options(bool minutesAtCut, int fanIn = 8) => o =>
    {
        o.MinuteRollupsAtCut = minutesAtCut;
        o.RawRetention = TimeSpan.FromDays(14);
        o.OneMinuteRetention = TimeSpan.FromDays(20);
        o.CompactionFanIn = fanIn;
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rollup_tiers_answer_like_raw_with_late_samples_a_live_head_restarts_and_age_out(bool minutesAtCut)
    {
        var w = Workload.Create(61, series: 2, perSeries: 1000, start: EngineHarness.T0 + 100, spanMs: 3 * Hour - 200);
        var late = LateSamples(62, w.Keys, perSeries: 60, from: EngineHarness.T0, to: EngineHarness.T0 + Hour);
        const int parts = 5;
        var beforeTail = w.Count * (parts - 1) / parts;
        var time = EngineHarness.Clock();
        var options = Options(minutesAtCut, fanIn: 2);
        var engine = EngineHarness.Open(Data, time, options);
        try
        {
            for (var part = 0; part < parts - 1; part++)
            {
                await EngineHarness.AppendAsync(engine, w.Batches(part, w.Count * part / parts, w.Count * (part + 1) / parts, 50), parallel: 8, time);
                await engine.CutHeadAsync(force: true, CancellationToken.None);
            }
            // Every cut wrote its 1-hour rollups (and 1-minute ones when asked to).
            Assert.Equal(parts - 1, EngineHarness.BlockFiles(Data, "1h").Length);
            Assert.Equal(minutesAtCut ? parts - 1 : 0, EngineHarness.BlockFiles(Data, "1m").Length);

            // Late samples for the first hour, whose rollups the first cut already wrote.
            await engine.AppendAsync(Writes(w, late));
            await engine.CutHeadAsync(force: true, CancellationToken.None);
            var sent = Expected(w, beforeTail, late);
            AssertAll(engine, sent, minute: "raw", hour: "raw");

            // Size-tiered compaction merges the oldest two rollup files of level 0; forced, all of them.
            await engine.MaintainOnceAsync(force: false, CancellationToken.None);
            Assert.Equal(parts - 1, EngineHarness.BlockFiles(Data, "1h").Length);
            await engine.MaintainOnceAsync(force: true, CancellationToken.None);
            Assert.Single(EngineHarness.BlockFiles(Data, "1h"));
            Assert.Equal(minutesAtCut ? 1 : 0, EngineHarness.BlockFiles(Data, "1m").Length);
            Assert.Single(EngineHarness.BlockFiles(Data, "raw"));

            // The last part stays in the head: a rollup tier adds it from raw.
            await EngineHarness.AppendAsync(engine, w.Batches(parts, beforeTail, w.Count, 50), parallel: 8, time);
            sent = Expected(w, w.Count, late);
            AssertAll(engine, sent, minute: "raw", hour: "raw");
            EngineHarness.AdvanceTo(time, EngineHarness.T0 + 16 * Day);
            AssertAll(engine, sent, minute: minutesAtCut ? "raw+1m" : "raw", hour: minutesAtCut ? "raw+1m" : "raw");
        }
        finally
        {
            await engine.DisposeAsync();
        }

        var all = Expected(w, w.Count, late);
        // The restart cut the head: now every sample is in the rollups the cuts wrote.
        engine = EngineHarness.Open(Data, time, options);
        try
        {
            AssertAll(engine, all, minute: minutesAtCut ? "1m" : "raw", hour: minutesAtCut ? "1m" : "raw");

            // Age-out: minutes are rolled up from raw only where the cuts did not, hours never
            // again; raw is dropped. Answers are unchanged, so nothing counts twice.
            await engine.MaintainOnceAsync(force: false, CancellationToken.None);
            Assert.Empty(EngineHarness.BlockFiles(Data, "raw"));
            Assert.All(EngineHarness.BlockFiles(Data, "1h"), f => Assert.True(Flags(f).HasFlag(BlockFlags.FromCut), f + " was rolled up at age-out"));
            Assert.Equal(minutesAtCut, EngineHarness.BlockFiles(Data, "1m").All(f => Flags(f).HasFlag(BlockFlags.FromCut)));
            AssertAll(engine, all, minute: "1m", hour: "1m");
        }
        finally
        {
            await engine.DisposeAsync();
        }

        await using (engine = EngineHarness.Open(Data, time, options))
        {
            AssertAll(engine, all, minute: "1m", hour: "1m");
            // Past the minute retention's start, whole hours come from the cuts' hour rollups.
            EngineHarness.AdvanceTo(time, EngineHarness.T0 + 21 * Day);
            AssertAll(engine, all, minute: "1m", hour: "1h");
            await engine.MaintainOnceAsync(force: false, CancellationToken.None);
            Assert.Empty(EngineHarness.BlockFiles(Data, "1m"));
            AssertAll(engine, all, minute: null, hour: "1h");
        }
    }

    private static Dictionary<SeriesKey, List<Sample>> Expected(Workload w, int arrivals, Dictionary<SeriesKey, List<Sample>> late)
    {
        var all = new Dictionary<SeriesKey, List<Sample>>();
        foreach (var key in w.Keys) all[key] = [.. w.SamplesOf(key, 0, arrivals), .. late[key]];
        return all;
    }

    [Fact]
    public async Task A_crash_between_rollup_compaction_and_deleting_its_inputs_counts_no_bucket_twice()
    {
        var w = Workload.Create(63, series: 2, perSeries: 900, start: EngineHarness.T0 + 100, spanMs: 3 * Hour - 200);
        var all = new Dictionary<SeriesKey, List<Sample>>();
        foreach (var key in w.Keys) all[key] = w.SamplesOf(key);
        var time = EngineHarness.Clock();
        var crash = _dir.Sub("crash");
        await using (var engine = EngineHarness.Open(Data, time, Options(minutesAtCut: true)))
        {
            for (var part = 0; part < 3; part++)
            {
                await EngineHarness.AppendAsync(engine, w.Batches(part, w.Count * part / 3, w.Count * (part + 1) / 3, 50), parallel: 8, time);
                await engine.CutHeadAsync(force: true, CancellationToken.None);
            }
            // What the disk holds if the process dies right after the first merged rollup file is committed.
            var copied = false;
            engine.AfterRollupCompactionCommit = () =>
            {
                if (copied) return;
                copied = true;
                EngineHarness.CopyDirectory(Data, crash);
            };
            await engine.MaintainOnceAsync(force: true, CancellationToken.None);
            Assert.True(copied);
            Assert.Single(EngineHarness.BlockFiles(Data, "1h"));
            Assert.Single(EngineHarness.BlockFiles(Data, "1m"));
        }
        Assert.Equal(4, EngineHarness.BlockFiles(crash, "1h").Length);
        Assert.Single(Directory.GetFiles(EngineHarness.BlockDir(crash), "compact-1h-*.inputs"));

        await using (var recovered = EngineHarness.Open(crash, time, Options(minutesAtCut: true)))
        {
            Assert.Single(EngineHarness.BlockFiles(crash, "1h"));
            Assert.Empty(Directory.GetFiles(EngineHarness.BlockDir(crash), "compact-*"));
            EngineHarness.AdvanceTo(time, EngineHarness.T0 + 16 * Day);
            AssertAll(recovered, all, minute: "1m", hour: "1m");
            EngineHarness.AdvanceTo(time, EngineHarness.T0 + 21 * Day);
            AssertAll(recovered, all, minute: "1m", hour: "1h");
        }
    }

    [Fact]
    public async Task A_crash_inside_a_cut_rolls_its_files_back_and_the_wal_brings_the_samples_back_once()
    {
        var w = Workload.Create(64, series: 2, perSeries: 900, start: EngineHarness.T0 + 100, spanMs: 3 * Hour - 200);
        var all = new Dictionary<SeriesKey, List<Sample>>();
        foreach (var key in w.Keys) all[key] = w.SamplesOf(key);
        var time = EngineHarness.Clock();
        var crash = _dir.Sub("crash");
        var half = w.Count / 2;
        await using (var engine = EngineHarness.Open(Data, time, Options(minutesAtCut: true)))
        {
            await EngineHarness.AppendAsync(engine, w.Batches(1, 0, half, 50), parallel: 8, time);
            await engine.CutHeadAsync(force: true, CancellationToken.None);
            await EngineHarness.AppendAsync(engine, w.Batches(2, half, w.Count, 50), parallel: 8, time);
            // The second cut's raw block and rollups are all committed, but its note is not yet deleted.
            engine.AfterCutCommit = () => EngineHarness.CopyDirectory(Data, crash);
            await engine.CutHeadAsync(force: true, CancellationToken.None);
        }
        Assert.Equal(2, EngineHarness.BlockFiles(crash, "raw").Length);
        Assert.Equal(2, EngineHarness.BlockFiles(crash, "1h").Length);
        Assert.Single(Directory.GetFiles(EngineHarness.BlockDir(crash), "cut-*.pending"));

        await using (var recovered = EngineHarness.Open(crash, time, Options(minutesAtCut: true)))
        {
            Assert.Single(EngineHarness.BlockFiles(crash, "raw"));
            Assert.Single(EngineHarness.BlockFiles(crash, "1h"));
            Assert.Single(EngineHarness.BlockFiles(crash, "1m"));
            Assert.Equal(w.Count - half, recovered.GetStats().HeadSamples);
            foreach (var key in w.Keys) EngineHarness.AssertRawEquals(recovered, key, all[key]);
            EngineHarness.AdvanceTo(time, EngineHarness.T0 + 21 * Day);
            AssertAll(recovered, all, minute: "raw+1m", hour: "raw+1h");
            await recovered.CutHeadAsync(force: true, CancellationToken.None);
            AssertAll(recovered, all, minute: "1m", hour: "1h");
        }
    }

    [Fact]
    public async Task Rollups_written_with_cuts_merge_the_same_buckets_as_rolling_up_all_samples_at_once()
    {
        var w = Workload.Create(65, series: 2, perSeries: 2000, start: EngineHarness.T0 + 100, spanMs: 5 * Hour);
        var time = EngineHarness.Clock();
        await using var engine = EngineHarness.Open(Data, time, Options(minutesAtCut: true, fanIn: 2));
        for (var part = 0; part < 7; part++)
        {
            await EngineHarness.AppendAsync(engine, w.Batches(part, w.Count * part / 7, w.Count * (part + 1) / 7, 50), parallel: 8, time);
            await engine.CutHeadAsync(force: true, CancellationToken.None);
            await engine.MaintainOnceAsync(force: false, CancellationToken.None);
        }
        await engine.MaintainOnceAsync(force: true, CancellationToken.None);
        foreach (var (tier, bucketMs) in new[] { ("1m", 60_000L), ("1h", Hour) })
        {
            var file = Assert.Single(EngineHarness.BlockFiles(Data, tier));
            using var block = BlockFile.Open(file);
            foreach (var key in w.Keys)
            {
                var sorted = w.SamplesOf(key);
                sorted.Sort(static (a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
                var expected = RollupCodec.Build(sorted.ToArray(), bucketMs);
                Assert.True(block.TryGet(key, out var e));
                var actual = RollupCodec.Decode(block.ReadSection(e), bucketMs);
                Assert.Equal(expected.Count, actual.Count);
                for (var i = 0; i < expected.Count; i++)
                {
                    Assert.Equal(expected[i].StartMs, actual[i].StartMs);
                    Assert.Equal(expected[i].Aggregate.Count, actual[i].Aggregate.Count);
                    Assert.Equal(expected[i].Aggregate.Min, actual[i].Aggregate.Min);
                    Assert.Equal(expected[i].Aggregate.Max, actual[i].Aggregate.Max);
                    Assert.Equal(expected[i].Aggregate.Sum, actual[i].Aggregate.Sum, 1e-9 * Math.Max(1, Math.Abs(expected[i].Aggregate.Sum)));
                    Assert.Equal(expected[i].Sketch.Count, actual[i].Sketch.Count, 1e-9);
                    foreach (var q in (double[])[0, 0.25, 0.5, 0.9, 0.99, 1])
                    {
                        // Merged sketches hold the same buckets; fractional weights may add up in another order.
                        var x = expected[i].Sketch.Quantile(q);
                        Assert.True(Math.Abs(x - actual[i].Sketch.Quantile(q)) <= 2 * 0.005 * Math.Abs(x) + 1e-12, $"{tier} {key} bucket {i} q{q}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Raw_blocks_from_before_rollups_came_with_cuts_are_rolled_up_once_at_age_out()
    {
        var w = Workload.Create(66, series: 2, perSeries: 1200, start: EngineHarness.T0 + 100, spanMs: 3 * Hour - 200);
        var late = LateSamples(67, w.Keys, perSeries: 40, from: EngineHarness.T0, to: EngineHarness.T0 + Hour);
        var all = Expected(w, w.Count, late);
        var time = EngineHarness.Clock();
        var options = Options(minutesAtCut: false);
        await using (var engine = EngineHarness.Open(Data, time, options))
        {
            // Two cuts as an earlier version made them (raw only), then one with rollups, holding late samples too.
            engine.LegacyCuts = true;
            for (var part = 0; part < 2; part++)
            {
                await EngineHarness.AppendAsync(engine, w.Batches(part, w.Count * part / 3, w.Count * (part + 1) / 3, 50), parallel: 8, time);
                await engine.CutHeadAsync(force: true, CancellationToken.None);
            }
            Assert.Empty(EngineHarness.BlockFiles(Data, "1h"));
            engine.LegacyCuts = false;
            await EngineHarness.AppendAsync(engine, w.Batches(2, w.Count * 2 / 3, w.Count, 50), parallel: 8, time);
            await engine.AppendAsync(Writes(w, late));
            await engine.CutHeadAsync(force: true, CancellationToken.None);
            Assert.Single(EngineHarness.BlockFiles(Data, "1h"));

            // Blocks merge only with blocks rolled up alike.
            await engine.MaintainOnceAsync(force: true, CancellationToken.None);
            Assert.Equal(2, EngineHarness.RawBlocks(Data));
            AssertAll(engine, all, minute: "raw", hour: "raw");
            EngineHarness.AdvanceTo(time, EngineHarness.T0 + 16 * Day);
            AssertAll(engine, all, minute: "raw", hour: "raw");
        }

        await using (var engine = EngineHarness.Open(Data, time, options))
        {
            await engine.MaintainOnceAsync(force: false, CancellationToken.None);
            Assert.Empty(EngineHarness.BlockFiles(Data, "raw"));
            // The old block got both tiers at age-out; the new one only minutes (its hours came with its cut).
            Assert.Equal(2, EngineHarness.BlockFiles(Data, "1m").Length);
            Assert.Equal(1, EngineHarness.BlockFiles(Data, "1h").Count(f => Flags(f).HasFlag(BlockFlags.FromCut)));
            Assert.Equal(1, EngineHarness.BlockFiles(Data, "1h").Count(f => !Flags(f).HasFlag(BlockFlags.FromCut)));
            AssertAll(engine, all, minute: "1m", hour: "1m");
            EngineHarness.AdvanceTo(time, EngineHarness.T0 + 21 * Day);
            AssertAll(engine, all, minute: "1m", hour: "1h");
        }
    }

    private static BlockFlags Flags(string path)
    {
        using var b = BlockFile.Open(path);
        return b.Meta.Flags;
    }

    /// <summary>Random plain samples of each series in [from, to), to arrive after their period was rolled up.</summary>
    private static Dictionary<SeriesKey, List<Sample>> LateSamples(int seed, IReadOnlyList<SeriesKey> keys, int perSeries, long from, long to)
    {
        var rng = new Random(seed);
        var late = new Dictionary<SeriesKey, List<Sample>>();
        foreach (var key in keys)
        {
            var list = late[key] = [];
            for (var i = 0; i < perSeries; i++) list.Add(Sample.Plain(from + rng.NextInt64(to - from), Math.Round(rng.NextDouble() * 1000 - 100, 2)));
        }
        return late;
    }

    private static List<SeriesWrite> Writes(Workload w, Dictionary<SeriesKey, List<Sample>> samples)
    {
        var batch = new List<SeriesWrite>();
        foreach (var (key, list) in samples) batch.Add(new SeriesWrite(key, w.Resolutions[key], list.ToArray()));
        return batch;
    }

    /// <summary>
    /// Minute periods and hour periods over ranges with minute- or hour-aligned ends (so whole
    /// rollup buckets fall in or out as samples would), compared with the naive answer; the tiers
    /// that answered must be the expected ones.
    /// </summary>
    private static void AssertAll(SampleEngine engine, Dictionary<SeriesKey, List<Sample>> all, string? minute, string hour)
    {
        var t0 = EngineHarness.T0;
        foreach (var (key, samples) in all)
        {
            Assert.Equal(hour, NaiveStatistics.AssertQuery(engine, key, samples, t0, t0 + 3 * Hour, 3600));
            Assert.Equal(hour, NaiveStatistics.AssertQuery(engine, key, samples, t0 + Hour, t0 + 3 * Hour, 7200));
            if (minute is null)
            {
                // Nothing finer than hours is left.
                var r = engine.Query(key, t0, t0 + 3 * Hour, 60, NaiveStatistics.All);
                Assert.Empty(r.Timestamps);
                Assert.Equal("none", r.Tier);
                continue;
            }
            Assert.Equal(minute, NaiveStatistics.AssertQuery(engine, key, samples, t0, t0 + 3 * Hour, 60));
            Assert.Equal(minute, NaiveStatistics.AssertQuery(engine, key, samples, t0 + 37 * 60_000, t0 + 133 * 60_000, 60));
            Assert.Equal(minute, NaiveStatistics.AssertQuery(engine, key, samples, t0 + 35 * 60_000, t0 + 3 * Hour, 300));
        }
    }
}
