using Crema.Core.Metrics;
using Crema.Core.Statistics;
using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

public sealed class DecodedSectionCacheTests
{
    private static readonly Statistic[] Stats = [Statistic.SampleCount, Statistic.Sum, Statistic.Minimum, Statistic.Maximum, Statistic.P(90)];

    [Fact]
    public async Task Repeated_queries_are_answered_from_decoded_sections_with_identical_results()
    {
        using var dir = new EngineTempDirectory();
        var time = EngineHarness.Clock();
        await using var engine = EngineHarness.Open(dir.Path, time);
        var keys = Enumerable.Range(0, 5).Select(i => new SeriesKey("Cache", "Wait", [new Dimension("Shop", "s" + i)])).ToArray();
        var rnd = new Random(7);
        foreach (var key in keys)
        {
            var samples = Enumerable.Range(0, 3000).Select(i => Sample.Plain(EngineHarness.T0 - 3_000_000 + i * 1000L, Math.Round(rnd.NextDouble() * 300, 2))).ToArray();
            await engine.AppendAsync([new SeriesWrite(key, 1, samples)]);
        }
        await engine.CutHeadAsync(force: true, CancellationToken.None);

        var first = keys.Select(k => engine.Query(k, EngineHarness.T0 - 3_000_000, EngineHarness.T0, 60, Stats)).ToList();
        var hitsBefore = engine.DecodedCache.Hits;
        var second = keys.Select(k => engine.Query(k, EngineHarness.T0 - 3_000_000, EngineHarness.T0, 60, Stats)).ToList();
        Assert.Equal(hitsBefore + keys.Length, engine.DecodedCache.Hits);
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(first[i].Timestamps, second[i].Timestamps);
            for (var s = 0; s < Stats.Length; s++) Assert.Equal(first[i].Values[s], second[i].Values[s]);
        }

        // Compaction replaces the block; answers stay the same (entries of the old block are never used again).
        await engine.AppendAsync([new SeriesWrite(keys[0], 1, [Sample.Plain(EngineHarness.T0 - 10, 1000)])]);
        await engine.MaintainOnceAsync(force: true, CancellationToken.None);
        var third = engine.Query(keys[0], EngineHarness.T0 - 3_000_000, EngineHarness.T0, 60, Stats);
        Assert.Equal(first[0].Values[0].Sum() + 1, third.Values[0].Sum());
        Assert.Equal(1000, third.Values[3].Max());
    }

    [Fact]
    public async Task The_cache_stays_within_its_budget()
    {
        using var dir = new EngineTempDirectory();
        var time = EngineHarness.Clock();
        await using var engine = EngineHarness.Open(dir.Path, time, o => o.DecodedCacheMegabytes = 1);
        for (var k = 0; k < 40; k++)
        {
            var key = new SeriesKey("Cache", "Big", [new Dimension("N", k.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            var samples = Enumerable.Range(0, 5000).Select(i => Sample.Plain(EngineHarness.T0 - 6_000_000 + i * 1000L, i)).ToArray();
            await engine.AppendAsync([new SeriesWrite(key, 1, samples)]);
        }
        await engine.CutHeadAsync(force: true, CancellationToken.None);
        foreach (var s in engine.FindSeries(new SeriesFilter("Cache")))
            engine.Query(s.Key, EngineHarness.T0 - 6_000_000, EngineHarness.T0, 300, Stats);
        Assert.InRange(engine.DecodedCache.UsedBytes, 1, 1L << 20);
    }
}
