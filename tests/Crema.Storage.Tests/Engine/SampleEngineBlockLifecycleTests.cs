using Crema.Core.Metrics;
using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

/// <summary>Blocks over their life: cut triggers, compaction of overlapping blocks, rollup and retention under a fake clock.</summary>
public sealed class SampleEngineBlockLifecycleTests : IDisposable
{
    private const long Day = 86_400_000;
    private readonly EngineTempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Data => _dir.Sub("data");

    [Fact]
    public async Task Compaction_of_overlapping_blocks_keeps_every_sample_once()
    {
        var w = Workload.Create(51, series: 2, perSeries: 1200, start: EngineHarness.T0 + 100, spanMs: 3_600_000);
        var time = EngineHarness.Clock();
        var engine = EngineHarness.Open(Data, time, o => o.CompactionFanIn = 2);
        try
        {
            // Six cuts; later parts hold late samples that fall inside earlier blocks' ranges.
            for (var part = 0; part < 6; part++)
            {
                await EngineHarness.AppendAsync(engine, w.Batches(part, w.Count * part / 6, w.Count * (part + 1) / 6, 50), parallel: 8, time);
                await engine.CutHeadAsync(force: true, CancellationToken.None);
            }
            Assert.Equal(6, EngineHarness.RawBlocks(Data));

            // Each round merges the CompactionFanIn oldest blocks while more than that many exist.
            for (var expected = 5; expected >= 2; expected--)
            {
                await engine.MaintainOnceAsync(force: false, CancellationToken.None);
                Assert.Equal(expected, EngineHarness.RawBlocks(Data));
                AssertAll(engine, w);
            }
            await engine.MaintainOnceAsync(force: false, CancellationToken.None);
            Assert.Equal(2, EngineHarness.RawBlocks(Data));

            await engine.MaintainOnceAsync(force: true, CancellationToken.None);
            Assert.Equal(1, EngineHarness.RawBlocks(Data));
            AssertAll(engine, w);
            Assert.Single(EngineHarness.BlockFiles(Data, "raw"));
        }
        finally
        {
            await engine.DisposeAsync();
        }

        await using var reopened = EngineHarness.Open(Data, time);
        Assert.Equal(1, EngineHarness.RawBlocks(Data));
        AssertAll(reopened, w);
    }

    [Fact]
    public async Task A_crash_between_compaction_and_deleting_its_inputs_counts_no_sample_twice()
    {
        var w = Workload.Create(53, series: 2, perSeries: 600, start: EngineHarness.T0 + 100, spanMs: 3_600_000);
        var time = EngineHarness.Clock();
        var crash = _dir.Sub("crash");
        await using (var engine = EngineHarness.Open(Data, time))
        {
            for (var part = 0; part < 3; part++)
            {
                await EngineHarness.AppendAsync(engine, w.Batches(part, w.Count * part / 3, w.Count * (part + 1) / 3, 50), parallel: 8, time);
                await engine.CutHeadAsync(force: true, CancellationToken.None);
            }
            // What the disk holds if the process dies right after the merged block is committed.
            engine.AfterCompactionCommit = () => EngineHarness.CopyDirectory(Data, crash);
            await engine.MaintainOnceAsync(force: true, CancellationToken.None);
            Assert.Equal(1, EngineHarness.RawBlocks(Data));
        }
        Assert.Equal(4, EngineHarness.BlockFiles(crash, "raw").Length);

        await using (var recovered = EngineHarness.Open(crash, time))
        {
            Assert.Equal(1, EngineHarness.RawBlocks(crash));
            AssertAll(recovered, w);
        }
        Assert.Single(EngineHarness.BlockFiles(crash, "raw"));
    }

    private static void AssertAll(SampleEngine engine, Workload w)
    {
        foreach (var key in w.Keys)
        {
            var samples = w.SamplesOf(key);
            EngineHarness.AssertRawEquals(engine, key, samples);
            NaiveStatistics.AssertQuery(engine, key, samples, EngineHarness.T0, w.MaxTime + 1, 60);
        }
    }

    [Fact]
    public async Task Maintenance_cuts_the_head_when_it_is_big_or_old()
    {
        var time = EngineHarness.Clock();
        var key = new SeriesKey("Test/Engine", "Cut");
        await using var engine = EngineHarness.Open(Data, time, o =>
        {
            o.HeadMaxSamples = 1000;
            o.HeadMaxAge = TimeSpan.FromMinutes(30);
        });
        var samples = new Sample[999];
        for (var i = 0; i < samples.Length; i++) samples[i] = Sample.Plain(EngineHarness.T0 + i, i);
        await engine.AppendAsync([new SeriesWrite(key, 1, samples)]);

        await engine.MaintainOnceAsync(force: false, CancellationToken.None);
        Assert.Equal(999, engine.GetStats().HeadSamples); // neither big nor old yet

        await engine.AppendAsync([new SeriesWrite(key, 1, [Sample.Plain(EngineHarness.T0 + 5000, 1)])]);
        await engine.MaintainOnceAsync(force: false, CancellationToken.None);
        Assert.Equal(0, engine.GetStats().HeadSamples); // 1000 samples: big enough
        Assert.Equal(1, EngineHarness.RawBlocks(Data));

        await engine.AppendAsync([new SeriesWrite(key, 1, [Sample.Plain(EngineHarness.T0 + 6000, 2)])]);
        time.Advance(TimeSpan.FromMinutes(29));
        await engine.MaintainOnceAsync(force: false, CancellationToken.None);
        Assert.Equal(1, engine.GetStats().HeadSamples);
        time.Advance(TimeSpan.FromMinutes(2));
        await engine.MaintainOnceAsync(force: false, CancellationToken.None);
        Assert.Equal(0, engine.GetStats().HeadSamples); // older than HeadMaxAge
        Assert.Equal(1001, engine.ReadRaw(key, long.MinValue, long.MaxValue).Count);
    }

    [Fact]
    public async Task Retention_moves_queries_from_raw_to_1m_to_1h_rollups_with_the_same_answers()
    {
        var w = Workload.Create(52, series: 2, perSeries: 1500, start: EngineHarness.T0 + 100, spanMs: 3 * 3_600_000 - 200);
        var time = EngineHarness.Clock();
        var engine = EngineHarness.Open(Data, time);
        try
        {
            for (var part = 0; part < 3; part++)
            {
                await EngineHarness.AppendAsync(engine, w.Batches(part, w.Count * part / 3, w.Count * (part + 1) / 3, 50), parallel: 8, time);
                await engine.CutHeadAsync(force: true, CancellationToken.None);
            }
            Assert.Equal(3, EngineHarness.RawBlocks(Data));
            AssertRollupQueries(engine, w, "raw", "raw");

            // Rolled up a day before raw retention ends; raw still answers and nothing counts twice.
            EngineHarness.AdvanceTo(time, w.MaxTime + 14 * Day + Day / 2);
            await engine.MaintainOnceAsync(force: false, CancellationToken.None);
            Assert.Equal(3, EngineHarness.BlockFiles(Data, "1m").Length);
            Assert.Equal(3, EngineHarness.BlockFiles(Data, "1h").Length);
            Assert.Equal(3, EngineHarness.BlockFiles(Data, "raw").Length);
            AssertRollupQueries(engine, w, "raw", "raw");

            // Past raw retention: 1-minute rollups answer periods made of whole minutes.
            EngineHarness.AdvanceTo(time, w.MaxTime + 16 * Day);
            await engine.MaintainOnceAsync(force: false, CancellationToken.None);
            Assert.Empty(EngineHarness.BlockFiles(Data, "raw"));
            AssertRollupQueries(engine, w, "1m", "1m");
            AssertNothingFiner(engine, w, [1, 10, 30, 90]);
        }
        finally
        {
            await engine.DisposeAsync();
        }

        engine = EngineHarness.Open(Data, time);
        try
        {
            Assert.Equal(w.Keys.Count, engine.FindSeries(new SeriesFilter("Test/Engine")).Count);
            AssertRollupQueries(engine, w, "1m", "1m");

            // Past 1-minute retention: 1-hour rollups answer whole hours only.
            EngineHarness.AdvanceTo(time, w.MaxTime + 456 * Day);
            await engine.MaintainOnceAsync(force: false, CancellationToken.None);
            Assert.Empty(EngineHarness.BlockFiles(Data, "1m"));
            Assert.Equal(3, EngineHarness.BlockFiles(Data, "1h").Length);
            AssertRollupQueries(engine, w, null, "1h");
            AssertNothingFiner(engine, w, [10, 60, 300, 1800]);

            // Past 1-hour retention: nothing is left.
            EngineHarness.AdvanceTo(time, w.MaxTime + (5 * 365 + 2) * Day);
            await engine.MaintainOnceAsync(force: false, CancellationToken.None);
            Assert.Empty(EngineHarness.BlockFiles(Data, "1h"));
            AssertNothingFiner(engine, w, [60, 3600]);
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }

    /// <summary>
    /// Minute periods (when <paramref name="minuteTier"/> is set) and hour periods over ranges with
    /// minute- or hour-aligned ends, so whole rollup buckets fall in or out as samples would.
    /// </summary>
    private static void AssertRollupQueries(SampleEngine engine, Workload w, string? minuteTier, string hourTier)
    {
        var end = EngineHarness.T0 + 3 * 3_600_000;
        foreach (var key in w.Keys)
        {
            var samples = w.SamplesOf(key);
            if (minuteTier is not null)
            {
                Assert.Equal(minuteTier, NaiveStatistics.AssertQuery(engine, key, samples, EngineHarness.T0, end, 60));
                Assert.Equal(minuteTier, NaiveStatistics.AssertQuery(engine, key, samples, EngineHarness.T0 + 37 * 60_000, EngineHarness.T0 + 133 * 60_000, 60));
                Assert.Equal(minuteTier, NaiveStatistics.AssertQuery(engine, key, samples, EngineHarness.T0 + 37 * 60_000, end, 300));
            }
            Assert.Equal(hourTier, NaiveStatistics.AssertQuery(engine, key, samples, EngineHarness.T0, end, 3600));
            Assert.Equal(hourTier, NaiveStatistics.AssertQuery(engine, key, samples, EngineHarness.T0 + 3_600_000, end, 7200));
        }
    }

    private static void AssertNothingFiner(SampleEngine engine, Workload w, int[] periods)
    {
        foreach (var key in w.Keys)
        {
            Assert.Empty(engine.ReadRaw(key, long.MinValue, long.MaxValue));
            foreach (var p in periods)
            {
                var r = engine.Query(key, EngineHarness.T0, EngineHarness.T0 + 3 * 3_600_000, p, NaiveStatistics.All);
                Assert.Empty(r.Timestamps);
                Assert.Equal("none", r.Tier);
            }
        }
    }
}
