using Crema.Core.Metrics;
using Crema.Storage.Engine;

namespace Crema.Storage.Tests.Engine;

/// <summary>Series listing by namespace, name and dimensions, from the head, after a restart (blocks) and after a crash (WAL).</summary>
public sealed class SampleEngineFindSeriesTests : IDisposable
{
    private static readonly SeriesKey A = new("App", "Latency", [new Dimension("Host", "a"), new Dimension("Az", "1")]);
    private static readonly SeriesKey B = new("App", "Latency", [new Dimension("Host", "b")]);
    private static readonly SeriesKey C = new("App", "Errors", [new Dimension("Host", "a")]);
    private static readonly SeriesKey D = new("Other", "Latency");
    private static readonly SeriesKey E = new("App", "Latency");

    private readonly EngineTempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Data => _dir.Sub("data");

    private static async Task WriteAllAsync(SampleEngine engine)
    {
        // Out of order on purpose: FirstMs/LastMs must be the extremes, not the first and last written.
        await engine.AppendAsync(
        [
            new SeriesWrite(A, 1, [Sample.Plain(EngineHarness.T0 + 500, 1), Sample.Plain(EngineHarness.T0 + 100, 2), Sample.Plain(EngineHarness.T0 + 300, 3)]),
            new SeriesWrite(B, 60, [Sample.Plain(EngineHarness.T0 + 1000, 1)]),
            new SeriesWrite(C, 60, [Sample.Plain(EngineHarness.T0 + 2000, double.NaN)]),
        ]);
        await engine.AppendAsync(
        [
            new SeriesWrite(D, 60, [Sample.Weighted(EngineHarness.T0 + 7000, 4, 3)]),
            new SeriesWrite(E, 60, [Sample.FromSet(EngineHarness.T0 + 8000, new StatisticSet(3, 6, 1, 3))]),
            new SeriesWrite(A, 1, [Sample.Plain(EngineHarness.T0 + 50, 9)]),
        ]);
    }

    private static void AssertFilters(SampleEngine engine)
    {
        Assert.Equal([C, E, A, B, D], Keys(engine, new SeriesFilter()));
        Assert.Equal([C, E, A, B], Keys(engine, new SeriesFilter("App")));
        Assert.Empty(Keys(engine, new SeriesFilter("app")));
        Assert.Equal([E, A, B, D], Keys(engine, new SeriesFilter(MetricName: "Latency")));
        Assert.Equal([E, A, B], Keys(engine, new SeriesFilter("App", "Latency")));
        Assert.Equal([C, A, B], Keys(engine, new SeriesFilter(Dimensions: [("Host", null)])));
        Assert.Equal([C, A], Keys(engine, new SeriesFilter(Dimensions: [("Host", "a")])));
        Assert.Equal([A], Keys(engine, new SeriesFilter(Dimensions: [("Host", "a"), ("Az", null)])));
        Assert.Equal([A], Keys(engine, new SeriesFilter(Dimensions: [("Az", "1"), ("Host", "a")], ExactDimensions: true)));
        Assert.Equal([C], Keys(engine, new SeriesFilter(Dimensions: [("Host", "a")], ExactDimensions: true)));
        Assert.Equal([B], Keys(engine, new SeriesFilter("App", "Latency", [("Host", null)], ExactDimensions: true)));
        Assert.Equal([E, D], Keys(engine, new SeriesFilter(ExactDimensions: true)));
        Assert.Equal([E, D], Keys(engine, new SeriesFilter(Dimensions: [], ExactDimensions: true)));
        Assert.Equal([E], Keys(engine, new SeriesFilter("App", Dimensions: [], ExactDimensions: true)));
        Assert.Empty(Keys(engine, new SeriesFilter(Dimensions: [("Host", "c")])));
        Assert.Empty(Keys(engine, new SeriesFilter(Dimensions: [("Missing", null)])));

        var a = Assert.Single(engine.FindSeries(new SeriesFilter(Dimensions: [("Az", "1")])));
        Assert.Equal(A, a.Key);
        Assert.Equal(1, a.Resolution);
        Assert.Equal(EngineHarness.T0 + 50, a.FirstMs);
        Assert.Equal(EngineHarness.T0 + 500, a.LastMs);
        var d = Assert.Single(engine.FindSeries(new SeriesFilter("Other")));
        Assert.Equal(60, d.Resolution);
        Assert.Equal(EngineHarness.T0 + 7000, d.FirstMs);
        Assert.Equal(EngineHarness.T0 + 7000, d.LastMs);
    }

    private static List<SeriesKey> Keys(SampleEngine engine, SeriesFilter filter)
    {
        var list = new List<SeriesKey>();
        foreach (var s in engine.FindSeries(filter)) list.Add(s.Key);
        return list;
    }

    [Fact]
    public async Task Filters_match_namespace_name_and_dimensions_in_the_head()
    {
        await using var engine = EngineHarness.Open(Data, EngineHarness.Clock());
        Assert.Empty(engine.FindSeries(new SeriesFilter()));
        await WriteAllAsync(engine);
        AssertFilters(engine);
    }

    [Fact]
    public async Task Filters_match_the_same_series_after_a_restart_and_after_a_crash()
    {
        var engine = EngineHarness.Open(Data, EngineHarness.Clock());
        await WriteAllAsync(engine);
        var crash = _dir.Sub("crash");
        EngineHarness.CopyDirectory(Data, crash);
        await engine.DisposeAsync();

        await using (var fromBlocks = EngineHarness.Open(Data, EngineHarness.Clock()))
        {
            Assert.Equal(0, fromBlocks.GetStats().HeadSamples);
            AssertFilters(fromBlocks);
        }
        await using var fromWal = EngineHarness.Open(crash, EngineHarness.Clock());
        Assert.Equal(8, fromWal.GetStats().HeadSamples);
        AssertFilters(fromWal);
    }

    [Fact]
    public async Task One_metric_lists_exactly_the_series_a_scan_of_all_finds_while_writers_add_series()
    {
        await using var engine = EngineHarness.Open(Data, EngineHarness.Clock());
        string[] metrics = ["Wait", "Sold", "Temp"];
        // Four writers add overlapping series concurrently, so several race to catalogue the same key.
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var rng = new Random(w);
            for (var i = 0; i < 150; i++)
            {
                var shop = rng.Next(0, 120).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
                var key = new SeriesKey(i % 5 == 0 ? "Other" : "Shop", metrics[rng.Next(metrics.Length)], [new Dimension("shop", shop)]);
                await engine.AppendAsync([new SeriesWrite(key, 60, [Sample.Plain(EngineHarness.T0 + i, i)])]);
            }
        })).ToArray();
        await Task.WhenAll(writers);
        var all = engine.FindSeries(new SeriesFilter());
        foreach (var ns in new[] { "Shop", "Other", "None" })
        {
            foreach (var m in metrics)
            {
                var expected = all.Where(s => s.Key.Namespace == ns && s.Key.MetricName == m).Select(s => s.Key).ToList();
                Assert.Equal(expected, Keys(engine, new SeriesFilter(ns, m)));
                Assert.Equal(expected, Keys(engine, new SeriesFilter(ns, m, [("shop", null)], ExactDimensions: true)));
            }
        }
    }
}
