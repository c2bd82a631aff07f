using BenchmarkDotNet.Attributes;
using Crema.Benchmarks.Infrastructure;
using Crema.Benchmarks.Workload;
using Crema.Core.Metrics;
using Crema.Core.Statistics;
using Crema.Storage;
using Crema.Storage.Engine;

namespace Crema.Benchmarks.Engine;

/// <summary>
/// SampleEngine.Query over 24 h of 10 s data (8,640 samples a series): 200 series cut into a
/// raw block, and one more series still in the head.
/// </summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class QueryBenchmarks
{
    private const int BlockSeries = 200;
    private const long DayMs = 86_400_000;

    // Series 5 of the workload is wait_seconds: a one-decimal gauge.
    private const int GaugeIndex = 5;

    private static readonly Statistic[] Average = [Statistic.Average];
    private static readonly Statistic[] P99 = [Statistic.P(99)];

    private TempDirectory? _dir;
    private SampleEngine? _engine;
    private SeriesKey[] _blockKeys = [];
    private SeriesKey? _headKey;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _dir = new TempDirectory("query");
        _engine = SampleEngine.Open(new EngineOptions { DataDirectory = _dir.Path }, TimeProvider.System);
        _blockKeys = CoffeeShopWorkload.Keys(BlockSeries);
        // One hour (360 samples) of every series per call, 24 calls.
        foreach (var batch in CoffeeShopWorkload.Batches(_blockKeys, 360, 24)) await _engine.AppendAsync(batch).ConfigureAwait(false);
        await _engine.CutHeadAsync(force: true, CancellationToken.None).ConfigureAwait(false);

        var headKeys = CoffeeShopWorkload.Keys(GaugeIndex + 1, BlockSeries);
        _headKey = headKeys[GaugeIndex];
        foreach (var batch in CoffeeShopWorkload.Batches([_headKey], 360, 24, GaugeIndex)) await _engine.AppendAsync(batch).ConfigureAwait(false);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_engine is not null) await _engine.DisposeAsync().ConfigureAwait(false);
        _dir?.Dispose();
    }

    [Benchmark]
    public int Block_OneSeries_60s_Average() => Rows(_blockKeys[GaugeIndex], 60, Average);

    [Benchmark]
    public int Head_OneSeries_60s_Average() => Rows(_headKey!, 60, Average);

    [Benchmark]
    public int Block_OneSeries_60s_p99() => Rows(_blockKeys[GaugeIndex], 60, P99);

    [Benchmark]
    public int Block_OneSeries_24h_p99() => Rows(_blockKeys[GaugeIndex], 86_400, P99);

    [Benchmark]
    public int Head_OneSeries_60s_p99() => Rows(_headKey!, 60, P99);

    /// <summary>A dashboard drawing 200 series for a day at 5 minutes: the sum of 200 queries.</summary>
    [Benchmark]
    public int Block_200Series_300s_Average()
    {
        var rows = 0;
        foreach (var key in _blockKeys) rows += Rows(key, 300, Average);
        return rows;
    }

    private int Rows(SeriesKey key, int periodSeconds, Statistic[] stats)
    {
        var result = _engine!.Query(key, CoffeeShopWorkload.OriginMs, CoffeeShopWorkload.OriginMs + DayMs, periodSeconds, stats);
        if (result.Tier != "raw" || result.Timestamps.Length == 0) throw new InvalidOperationException($"query answered from '{result.Tier}' with {result.Timestamps.Length} rows");
        return result.Timestamps.Length;
    }
}
