using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

/// <summary>Query statistics against a naive computation over the raw samples, from the head, from blocks and from a mix.</summary>
public sealed class SampleEngineStatisticsTests : IDisposable
{
    private static readonly int[] Periods = [1, 5, 10, 30, 60, 300, 3600];
    private readonly EngineTempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Workload NewWorkload(int seed) =>
        Workload.Create(seed, series: 3, perSeries: 1600, start: EngineHarness.T0 + 1234, spanMs: 2 * 3_600_000 + 500_000);

    /// <summary>Every period size over the whole span and over a range with unaligned ends.</summary>
    private static void AssertAllQueries(SampleEngine engine, Workload w, string expectedTier = "raw")
    {
        var min = w.MinTime;
        var max = w.MaxTime;
        var span = max - min;
        foreach (var key in w.Keys)
        {
            var samples = w.SamplesOf(key);
            EngineHarness.AssertRawEquals(engine, key, samples);
            foreach (var p in Periods)
            {
                Assert.Equal(expectedTier, NaiveStatistics.AssertQuery(engine, key, samples, EngineHarness.T0, max + 1, p));
                NaiveStatistics.AssertQuery(engine, key, samples, min + span / 5 + 7, min + span * 4 / 5 + 3, p);
            }
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Statistics_from_the_head_match_a_naive_computation(int seed)
    {
        var w = NewWorkload(seed);
        await using var engine = EngineHarness.Open(_dir.Path, EngineHarness.Clock());
        await EngineHarness.AppendAsync(engine, w.Batches(seed, 0, w.Count, 64), parallel: 16);

        Assert.Equal(w.Count, engine.GetStats().HeadSamples);
        Assert.Equal(0, EngineHarness.RawBlocks(_dir.Path));
        AssertAllQueries(engine, w);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public async Task Statistics_from_a_cut_block_match_a_naive_computation(int seed)
    {
        var w = NewWorkload(seed);
        await using var engine = EngineHarness.Open(_dir.Path, EngineHarness.Clock());
        await EngineHarness.AppendAsync(engine, w.Batches(seed, 0, w.Count, 64), parallel: 16);

        Assert.Equal(w.Count, await engine.CutHeadAsync(force: true, CancellationToken.None));
        Assert.Equal(0, engine.GetStats().HeadSamples);
        Assert.Equal(1, EngineHarness.RawBlocks(_dir.Path));
        AssertAllQueries(engine, w);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public async Task Statistics_from_blocks_and_head_after_reopen_match_a_naive_computation(int seed)
    {
        var w = NewWorkload(seed);
        var a = w.Count * 2 / 5;
        var b = w.Count * 7 / 10;
        var time = EngineHarness.Clock();
        var engine = EngineHarness.Open(_dir.Path, time);
        try
        {
            await EngineHarness.AppendAsync(engine, w.Batches(seed, 0, a, 64), parallel: 16);
            await engine.CutHeadAsync(force: true, CancellationToken.None);
            // Later arrivals include late samples that overlap the first block's time range.
            await EngineHarness.AppendAsync(engine, w.Batches(seed + 1, a, b, 64), parallel: 16);
            await engine.CutHeadAsync(force: true, CancellationToken.None);
            await EngineHarness.AppendAsync(engine, w.Batches(seed + 2, b, w.Count, 64), parallel: 16);
            Assert.Equal(2, EngineHarness.RawBlocks(_dir.Path));
            Assert.Equal(w.Count - b, engine.GetStats().HeadSamples);
            AssertAllQueries(engine, w);
        }
        finally
        {
            await engine.DisposeAsync();
        }

        // Graceful stop cut the rest: three blocks, nothing to replay.
        engine = EngineHarness.Open(_dir.Path, time);
        try
        {
            Assert.Equal(3, EngineHarness.RawBlocks(_dir.Path));
            Assert.Equal(0, engine.GetStats().HeadSamples);
            AssertAllQueries(engine, w);

            // Merging them all changes nothing a query sees.
            await engine.MaintainOnceAsync(force: true, CancellationToken.None);
            Assert.Equal(1, EngineHarness.RawBlocks(_dir.Path));
            AssertAllQueries(engine, w);
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }
}
