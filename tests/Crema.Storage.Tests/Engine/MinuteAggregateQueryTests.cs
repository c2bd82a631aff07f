using Crema.Core.Metrics;
using Crema.Core.Statistics;
using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

/// <summary>
/// Queries answered from cached sections' per-minute aggregates stay equal to a naive computation
/// as data changes under them: late samples in a cached range, compaction, retention, budget.
/// </summary>
public sealed class MinuteAggregateQueryTests : IDisposable
{
    private const long Day = 86_400_000;
    private static readonly int[] Periods = [60, 300, 3600];
    private readonly EngineTempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static SeriesKey Key(int i) => new("Cache", "Wait", [new Dimension("Shop", "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    /// <summary>Plain samples every ~10 s with jitter, a few NaN, over [start, start + span).</summary>
    private static List<Sample> Scrapes(int seed, long start, long spanMs)
    {
        var rng = new Random(seed);
        var list = new List<Sample>();
        for (var t = start; t < start + spanMs; t += 10_000)
        {
            var v = rng.NextDouble() < 0.02 ? double.NaN : Math.Round(rng.NextDouble() * 300, 1);
            list.Add(Sample.Plain(t + rng.Next(0, 5), v));
        }
        return list;
    }

    /// <summary>Each query twice (the first decodes, the second reads the cache), over aligned and unaligned ranges.</summary>
    private static void AssertQueries(SampleEngine engine, SeriesKey key, List<Sample> samples, long from, long to)
    {
        foreach (var p in Periods)
        {
            for (var round = 0; round < 2; round++)
            {
                Assert.Equal("raw", NaiveStatistics.AssertQuery(engine, key, samples, from, to, p, NaiveStatistics.NoPercentiles));
                NaiveStatistics.AssertQuery(engine, key, samples, from + 37_001, to - 12_345, p, NaiveStatistics.NoPercentiles);
                NaiveStatistics.AssertQuery(engine, key, samples, from + 7 * 60_000, to - 5 * 60_000, p, NaiveStatistics.NoPercentiles);
            }
        }
        // One period over the whole (unaligned) range, and percentiles, which never take minutes.
        NaiveStatistics.AssertQuery(engine, key, samples, from + 1, to, (int)((to - from) / 1000), NaiveStatistics.NoPercentiles);
        NaiveStatistics.AssertQuery(engine, key, samples, from, to, 300, [Statistic.P(99), Statistic.Average]);
    }

    [Fact]
    public async Task Minute_periods_from_cached_sections_match_a_naive_computation()
    {
        var time = EngineHarness.Clock();
        await using var engine = EngineHarness.Open(_dir.Path, time);
        var from = EngineHarness.T0 - 6 * 3_600_000L;
        var samples = new Dictionary<SeriesKey, List<Sample>>();
        for (var i = 0; i < 3; i++)
        {
            samples[Key(i)] = Scrapes(i, from, 6 * 3_600_000L);
            await engine.AppendAsync([new SeriesWrite(Key(i), 1, samples[Key(i)].ToArray())]);
        }
        await engine.CutHeadAsync(force: true, CancellationToken.None);

        var hits = engine.DecodedCache.Hits;
        foreach (var (key, list) in samples) AssertQueries(engine, key, list, from, EngineHarness.T0);
        Assert.True(engine.DecodedCache.Hits > hits);
        // Built once per section, however many queries used them; folded again per period length change.
        Assert.Equal(3, engine.DecodedCache.MinuteBuilds);
        Assert.True(engine.DecodedCache.Folds >= 3);
        var folds = engine.DecodedCache.Folds;
        foreach (var (key, list) in samples)
            NaiveStatistics.AssertQuery(engine, key, list, from + 600_000, EngineHarness.T0, 3600, NaiveStatistics.NoPercentiles);
        Assert.Equal(folds, engine.DecodedCache.Folds);
    }

    [Fact]
    public async Task Late_samples_compaction_and_retention_leave_answers_equal_to_a_naive_computation()
    {
        var time = EngineHarness.Clock();
        await using var engine = EngineHarness.Open(_dir.Path, time);
        var key = Key(0);
        var from = EngineHarness.T0 - 4 * 3_600_000L;
        var samples = Scrapes(1, from, 4 * 3_600_000L);
        await engine.AppendAsync([new SeriesWrite(key, 1, samples.ToArray())]);
        await engine.CutHeadAsync(force: true, CancellationToken.None);
        AssertQueries(engine, key, samples, from, EngineHarness.T0);
        var builds = engine.DecodedCache.MinuteBuilds;
        Assert.Equal(1, builds);

        // Late samples inside the cached block's range (new extremes, NaN, several at one millisecond) land in the head.
        var late = new List<Sample>();
        var rng = new Random(2);
        for (var i = 0; i < 200; i++)
        {
            var t = from + rng.Next(0, 4 * 3_600_000);
            late.Add(Sample.Plain(t, i % 50 == 0 ? double.NaN : i % 7 == 0 ? 5000 + i : -rng.NextDouble() * 100));
            if (i % 20 == 0) late.Add(Sample.Plain(t, 1e6));
        }
        await engine.AppendAsync([new SeriesWrite(key, 1, late.ToArray())]);
        samples.AddRange(late);
        AssertQueries(engine, key, samples, from, EngineHarness.T0);

        // Cut into a second block overlapping the first: both are cached and bucketed.
        await engine.CutHeadAsync(force: true, CancellationToken.None);
        AssertQueries(engine, key, samples, from, EngineHarness.T0);
        Assert.Equal(builds + 1, engine.DecodedCache.MinuteBuilds);
        Assert.Equal(2, engine.DecodedCache.Count);

        // Compaction merges both into one block; the old blocks' entries are dropped, the merged one is bucketed anew.
        await engine.MaintainOnceAsync(force: true, CancellationToken.None);
        Assert.Equal(1, EngineHarness.RawBlocks(_dir.Path));
        Assert.Equal(0, engine.DecodedCache.Count);
        Assert.Equal(0, engine.DecodedCache.UsedBytes);
        AssertQueries(engine, key, samples, from, EngineHarness.T0);
        Assert.Equal(builds + 2, engine.DecodedCache.MinuteBuilds);
        Assert.Equal(1, engine.DecodedCache.Count);

        // Past raw retention the raw block is dropped (with its cache entry) and 1-minute rollups answer.
        EngineHarness.AdvanceTo(time, EngineHarness.T0 + 16 * Day);
        await engine.MaintainOnceAsync(force: false, CancellationToken.None);
        Assert.Equal(0, engine.DecodedCache.Count);
        Assert.Equal(0, engine.DecodedCache.UsedBytes);
        foreach (var p in Periods)
            Assert.Equal("1m", NaiveStatistics.AssertQuery(engine, key, samples, from, EngineHarness.T0, p, NaiveStatistics.NoPercentiles));
    }

    [Fact]
    public async Task Minute_aggregates_count_against_the_cache_budget()
    {
        var time = EngineHarness.Clock();
        await using var engine = EngineHarness.Open(_dir.Path, time, o => o.DecodedCacheMegabytes = 1);
        var from = EngineHarness.T0 - Day;
        var keys = new List<SeriesKey>();
        for (var i = 0; i < 12; i++)
        {
            keys.Add(Key(i));
            await engine.AppendAsync([new SeriesWrite(Key(i), 1, Scrapes(i, from, Day).ToArray())]);
        }
        await engine.CutHeadAsync(force: true, CancellationToken.None);
        Statistic[] avg = [Statistic.Average];
        for (var round = 0; round < 2; round++)
        {
            foreach (var key in keys)
            {
                var r = engine.Query(key, from, EngineHarness.T0, 300, avg);
                Assert.Equal(288, r.Timestamps.Length);
                Assert.InRange(engine.DecodedCache.UsedBytes, 1, 1L << 20);
            }
        }
        // A day at 10 s is 138 KiB of columns and 45 KiB of minutes: seven fit in 1 MiB once bucketed, not eight.
        Assert.InRange(engine.DecodedCache.Count, 1, 7);
    }
}
