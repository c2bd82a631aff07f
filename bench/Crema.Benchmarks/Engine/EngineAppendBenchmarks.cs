using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Crema.Benchmarks.Infrastructure;
using Crema.Benchmarks.Workload;
using Crema.Storage;
using Crema.Storage.Engine;

namespace Crema.Benchmarks.Engine;

/// <summary>
/// SampleEngine.AppendAsync end to end (WAL encode, group-commit fsync, head append) with
/// remote-write-sized batches of 500 series × 20 samples. Each writer owns its own 500 series,
/// as Prometheus' remote-write shards do. Op/s is samples per second over all writers.
/// </summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5, invocationCount: 1)]
public class EngineAppendBenchmarks
{
    private const int SeriesPerBatch = 500;
    private const int SamplesPerSeries = 20;
    private const int TotalBatches = 160;
    private const int TotalSamples = TotalBatches * SeriesPerBatch * SamplesPerSeries;

    private List<SeriesWrite[]>[] _perWriter = [];
    private TempDirectory? _dir;
    private SampleEngine? _engine;

    /// <summary>Concurrent writers; the batches are split evenly between them.</summary>
    [Params(1, 4, 16)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _perWriter = new List<SeriesWrite[]>[Writers];
        for (var w = 0; w < Writers; w++)
        {
            var keys = CoffeeShopWorkload.Keys(SeriesPerBatch, w * SeriesPerBatch);
            _perWriter[w] = CoffeeShopWorkload.Batches(keys, SamplesPerSeries, TotalBatches / Writers, w * SeriesPerBatch);
        }
    }

    // BenchmarkDotNet calls iteration setup synchronously; blocking here is outside the measurement.
    [IterationSetup]
    public void OpenEngine()
    {
        _dir = new TempDirectory("append");
        _engine = SampleEngine.Open(new EngineOptions { DataDirectory = _dir.Path }, TimeProvider.System);
    }

    [IterationCleanup]
    public void CloseEngine()
    {
        _engine?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _engine = null;
        _dir?.Dispose();
        _dir = null;
    }

    [Benchmark(OperationsPerInvoke = TotalSamples)]
    public async Task AppendAsync()
    {
        if (Writers == 1)
        {
            await WriteAllAsync(_engine!, _perWriter[0]).ConfigureAwait(false);
            return;
        }
        var tasks = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            var batches = _perWriter[w];
            tasks[w] = Task.Run(() => WriteAllAsync(_engine!, batches));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static async Task WriteAllAsync(SampleEngine engine, List<SeriesWrite[]> batches)
    {
        foreach (var batch in batches) await engine.AppendAsync(batch).ConfigureAwait(false);
    }
}
